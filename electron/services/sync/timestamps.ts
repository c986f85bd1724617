import { TIMESTAMP_PATH, TIMESTAMP_QUERY_TYPE } from '../../../shared/center/index.ts';
import { AppError } from '../../../shared/errors.ts';
import type { CenterEnrolment } from '../../../shared/model/center-link.ts';
import { checkTimestampToken, timestampRequest, tokenFromReply, type Timestamper } from '../cms/index.ts';
import { describeCertificate, evaluateTrust } from '../pki/index.ts';
import type { SettingsStore } from '../settings/index.ts';

const TIMEOUT_MS = 10_000;
const TIME_STAMPING_EKU = 'timeStamping';

/**
 * The center's RFC 3161 service as the seal's time-stamper. An unreachable center gives null (the
 * seal is made at B-B, sealing never waits on the network); a reply that does not check out — wrong
 * imprint or nonce, bad signature, an authority outside the CA pinned at enrolment — is an error.
 */
export function centerTimestamper(enrolment: CenterEnrolment, timeoutMs = TIMEOUT_MS): Timestamper {
  const roots = enrolment.caCertificates.map((b64) => new Uint8Array(Buffer.from(b64, 'base64')));
  return async (imprint) => {
    const request = timestampRequest(imprint);
    let response: Response;
    try {
      response = await fetch(new URL(TIMESTAMP_PATH, enrolment.url), {
        method: 'POST',
        headers: { 'content-type': TIMESTAMP_QUERY_TYPE },
        body: Buffer.from(request.der),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      return null;
    }
    if (!response.ok) return null;
    const token = tokenFromReply(new Uint8Array(await response.arrayBuffer()), request);
    const { tsaCertificate, certificates } = checkTimestampToken(token, imprint);
    const trust = await evaluateTrust(tsaCertificate, certificates, roots, new Date());
    if (trust.status !== 'trusted' || !describeCertificate(tsaCertificate).extendedKeyUsage.includes(TIME_STAMPING_EKU))
      throw new AppError('TIMESTAMP_INVALID', { reason: 'authority not trusted' });
    return token;
  };
}

/** The enrolled center's time-stamper, or none before enrolment. */
export function enrolledTimestamper(settings: SettingsStore): Timestamper | undefined {
  const enrolment = settings.read().centerEnrolment;
  return enrolment === null ? undefined : centerTimestamper(enrolment);
}
