import { CRL_PATH, OCSP_PATH, OCSP_REQUEST_TYPE, TIMESTAMP_PATH, TIMESTAMP_QUERY_TYPE } from '../../../shared/center/index.ts';
import { AppError } from '../../../shared/errors.ts';
import type { CenterEnrolment } from '../../../shared/model/center-link.ts';
import { checkTimestampToken, signatureParts, timestampRequest, tokenFromReply, type Timestamper } from '../cms/index.ts';
import type { LongTermEvidence, ValidationData } from '../pdf/index.ts';
import {
  checkOcspResponse,
  crlIssuedByOneOf,
  describeCertificate,
  evaluateTrust,
  issuersByName,
  ocspRequest,
  sha256Hex,
  type CrlCheck,
  type OcspAnswer,
} from '../pki/index.ts';
import type { SettingsStore } from '../settings/index.ts';

const TIMEOUT_MS = 10_000;

/**
 * What the enrolled center vouches for, so a seal still validates years later: its RFC 3161
 * time-stamp (B-T) and its CA's CRL with the certificates involved (B-LT). An unreachable center
 * gives neither and sealing goes on at B-B; anything that reaches us but does not check out against
 * the CA pinned at enrolment is an error, and nothing is written.
 */
export function centerEvidence(enrolment: CenterEnrolment, timeoutMs = TIMEOUT_MS): LongTermEvidence {
  const roots = pinnedRoots(enrolment);
  const fetchBytes = centerFetch(enrolment, timeoutMs);

  const timestamper: Timestamper = async (imprint) => {
    const request = timestampRequest(imprint);
    const reply = await fetchBytes(TIMESTAMP_PATH, {
      method: 'POST',
      headers: { 'content-type': TIMESTAMP_QUERY_TYPE },
      body: Buffer.from(request.der),
    });
    if (reply === null) return null;
    const { token, check } = tokenFromReply(reply, request);
    const { tsaCertificate, certificates } = check;
    const trust = evaluateTrust(tsaCertificate, certificates, roots, new Date(), { purpose: 'timestamping' });
    if (trust.status !== 'trusted') throw new AppError('TIMESTAMP_INVALID', { reason: trust.failure?.problem ?? trust.status });
    return token;
  };

  const validationData = async (cms: Uint8Array): Promise<ValidationData | null> => {
    const parts = signatureParts(cms);
    if (parts.timestampToken === null) return null;
    const crl = await fetchCenterCrl(enrolment, timeoutMs);
    if (crl === null) return null;
    const tsa = checkTimestampToken(parts.timestampToken, parts.signatureImprint);
    for (const certificate of [parts.signerCertificate, tsa.tsaCertificate]) {
      const revokedAt = crl.check.revokedAt(certificate);
      const holder = describeCertificate(certificate).subject.commonName ?? '';
      if (revokedAt !== null) throw new AppError('CERT_REVOKED', { name: holder, at: revokedAt });
    }
    const certificates = new Map([...parts.certificates, ...tsa.certificates, ...roots].map((der) => [sha256Hex(der), der]));
    return { certificates: [...certificates.values()], crls: [crl.der], ocsps: [] };
  };

  return { timestamper, validationData };
}

type CenterFetch = (path: string, init?: RequestInit) => Promise<Uint8Array | null>;

/** The center's open routes; null when it cannot be reached or says no. */
function centerFetch(enrolment: CenterEnrolment, timeoutMs: number): CenterFetch {
  return async (path, init = {}) => {
    try {
      const response = await fetch(new URL(path, enrolment.url), { ...init, signal: AbortSignal.timeout(timeoutMs) });
      return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
    } catch {
      return null;
    }
  };
}

function pinnedRoots(enrolment: CenterEnrolment): Uint8Array[] {
  return enrolment.caCertificates.map((b64) => new Uint8Array(Buffer.from(b64, 'base64')));
}

/**
 * The center CA's current CRL, checked against the CA pinned at enrolment; null when the center cannot be
 * reached. A CRL from anyone else is VALIDATION_DATA_INVALID.
 */
export async function fetchCenterCrl(
  enrolment: CenterEnrolment,
  timeoutMs = TIMEOUT_MS,
): Promise<{ der: Uint8Array; check: CrlCheck } | null> {
  const der = await centerFetch(enrolment, timeoutMs)(CRL_PATH);
  if (der === null) return null;
  const found = await crlIssuedByOneOf(der, pinnedRoots(enrolment));
  if (found === null) throw new AppError('VALIDATION_DATA_INVALID', { reason: 'CRL not issued by the center CA' });
  return { der, check: found.check };
}

/**
 * The center's OCSP answer for `certificate`, checked against the CA pinned at enrolment that issued it.
 * Null when the center cannot be reached or did not issue the certificate; a bad answer is VALIDATION_DATA_INVALID.
 */
export async function fetchCenterOcsp(
  enrolment: CenterEnrolment,
  certificate: Uint8Array,
  now: Date,
  timeoutMs = TIMEOUT_MS,
): Promise<{ der: Uint8Array; answer: OcspAnswer } | null> {
  const [issuer] = issuersByName(certificate, pinnedRoots(enrolment));
  if (issuer === undefined) return null;
  const der = await centerFetch(enrolment, timeoutMs)(OCSP_PATH, {
    method: 'POST',
    headers: { 'content-type': OCSP_REQUEST_TYPE },
    body: Buffer.from(ocspRequest(certificate, issuer)),
  });
  return der === null ? null : { der, answer: checkOcspResponse(der, certificate, issuer, now) };
}

/** The enrolled center's evidence, or none before enrolment. */
export function enrolledEvidence(settings: SettingsStore): LongTermEvidence | undefined {
  const enrolment = settings.read().centerEnrolment;
  return enrolment === null ? undefined : centerEvidence(enrolment);
}
