import type * as pkijs from 'pkijs';
import type { CrlFields } from '../crl-fields.ts';
import { readCertificateFields } from '../certificate-fields.ts';
import { OID } from '../oids.ts';
import { ocspSignatureScheme, ocspSigner, ocspSingleFor, readOcspResponse } from '../ocsp.ts';
import { keyAllowed, signatureAllowed } from './algorithm-policy.ts';
import { crlStatus, issuedInTime, type IssuedWhen, type IssuerOf, type RevocationAnswer } from './revocation-lists.ts';

/** An OCSP response as given, and its basic response read once. */
export interface HeldOcspResponse {
  der: Uint8Array;
  basic: pkijs.BasicOCSPResponse;
}

/** The OCSP responses a caller holds, each read once; those that are not successful basic responses are left out. */
export function readOcspResponses(ders: readonly Uint8Array[]): HeldOcspResponse[] {
  return ders.flatMap((der) => {
    try {
      return [{ der, basic: readOcspResponse(der) }];
    } catch {
      return [];
    }
  });
}

/**
 * RFC 6960 for `cert`, whose issuer on the path is `issuer`, for `when`: among the responses that name it
 * (CertID: issuer name and key hashes, serial) and that its issuer or the issuer's delegated responder
 * signed under the algorithm policy, issued in time (revocation-lists.ts) and not past their nextUpdate,
 * what the response says; revoked only from the revocation time on, and also by a later response that
 * dates the revocation by `when.at`. Revoked wins, then good (the newest); null when no response is usable.
 */
export function ocspAnswer(
  cert: IssuerOf,
  issuer: IssuerOf,
  responses: readonly HeldOcspResponse[],
  when: IssuedWhen,
  crls: readonly CrlFields[] | null,
): RevocationAnswer | null {
  const { at } = when;
  const answers = responses.flatMap(({ der, basic }): RevocationAnswer[] => {
    if (!responderTrusted(basic, issuer, at, crls)) return [];
    const single = ocspSingleFor(basic, cert.der, issuer.der);
    if (single === null) return [];
    const answer = (status: RevocationAnswer['status']): RevocationAnswer[] => [
      { status, source: 'ocsp', thisUpdate: single.thisUpdate, der },
    ];
    // A later response that dates the revocation at or before `at` proves it (a document checked after the fact).
    if (single.status === 'revoked' && single.revokedAt !== null && single.revokedAt <= at) return answer('revoked');
    if (!issuedInTime(single.thisUpdate, cert.cert, when) || (single.nextUpdate !== null && single.nextUpdate < at)) return [];
    if (single.status === 'revoked' && single.revokedAt !== null && single.revokedAt > at) return answer('good');
    return answer(single.status);
  });
  const newestGood = answers.filter((a) => a.status === 'good').sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime());
  return answers.find((a) => a.status === 'revoked') ?? newestGood[0] ?? answers[0] ?? null;
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
