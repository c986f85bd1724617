import type * as pkijs from 'pkijs';
import type { CrlFields } from '../crl-fields.ts';
import { readCertificateFields } from '../certificate-fields.ts';
import { OID } from '../oids.ts';
import { ocspSignatureScheme, ocspSigner, ocspSingleFor, readOcspResponse } from '../ocsp.ts';
import { keyAllowed, signatureAllowed } from './algorithm-policy.ts';
import { crlStatus, type CrlStatus, type IssuerOf } from './revocation-lists.ts';

/** The OCSP responses a caller holds, each read once; those that are not successful basic responses are left out. */
export function readOcspResponses(ders: readonly Uint8Array[]): pkijs.BasicOCSPResponse[] {
  return ders.flatMap((der) => {
    try {
      return [readOcspResponse(der)];
    } catch {
      return [];
    }
  });
}

/**
 * RFC 6960 for `cert`, whose issuer on the path is `issuer`, at `at`: among the responses that name it
 * (CertID: issuer name and key hashes, serial) and that its issuer or the issuer's delegated responder
 * signed under the algorithm policy, with thisUpdate ≤ `at` ≤ nextUpdate, what the response says;
 * revoked only from the revocation time on, and also by a later response that dates the revocation
 * by `at`. Null when no response is usable.
 */
export function ocspStatus(
  cert: IssuerOf,
  issuer: IssuerOf,
  responses: readonly pkijs.BasicOCSPResponse[],
  at: Date,
  crls: readonly CrlFields[] | null,
): CrlStatus | null {
  const answers = responses.flatMap((basic) => {
    if (!responderTrusted(basic, issuer, at, crls)) return [];
    const single = ocspSingleFor(basic, cert.der, issuer.der);
    if (single === null) return [];
    // A later response that dates the revocation at or before `at` proves it (a document checked after the fact).
    if (single.status === 'revoked' && single.revokedAt !== null && single.revokedAt <= at) return ['revoked' as const];
    if (single.thisUpdate > at || (single.nextUpdate !== null && single.nextUpdate < at)) return [];
    if (single.status === 'revoked' && single.revokedAt !== null && single.revokedAt > at) return ['good' as const];
    return [single.status];
  });
  if (answers.includes('revoked')) return 'revoked';
  if (answers.includes('good')) return 'good';
  return answers.length > 0 ? 'unknown' : null;
}

/**
 * The response was signed for `issuer` (ocspSigner) with a hash and key the policy allows. A delegated
 * responder is believed when it carries id-pkix-ocsp-nocheck, or else when no CRL given revokes it.
 */
function responderTrusted(basic: pkijs.BasicOCSPResponse, issuer: IssuerOf, at: Date, crls: readonly CrlFields[] | null): boolean {
  if (!signatureAllowed(ocspSignatureScheme(basic))) return false;
  const signer = ocspSigner(basic, issuer.der, at);
  if (signer === null) return false;
  if (Buffer.from(signer).equals(issuer.der)) return true;
  const responder = readCertificateFields(signer);
  if (!keyAllowed(responder.subjectPublicKeyInfo)) return false;
  if (responder.extensions.has(OID.ocspNoCheck) || crls === null) return true;
  return crlStatus(responder, issuer, crls, at) !== 'revoked';
}
