import { readCrlFields, type CrlFields } from '../crl-fields.ts';
import type { CertificateFields } from '../certificate-fields.ts';
import { keyUsageOf } from '../extensions.ts';
import { OID } from '../oids.ts';
import { schemeForAlgorithm, verifySignature } from '../signature.ts';
import { signatureAllowed } from './algorithm-policy.ts';

/** What a complete CRL may carry (RFC 5280 §5.2); delta CRLs and issuing distribution points are not processed, so theirs never count. */
const CRL_EXTENSIONS_KNOWN: ReadonlySet<string> = new Set([OID.crlNumber, '2.5.29.35', '2.5.29.18']);

export type CrlStatus = 'good' | 'revoked' | 'unknown';

/** The CRLs a caller holds, each read once; those that are not CRLs are left out. */
export function readCrls(ders: readonly Uint8Array[]): CrlFields[] {
  return ders.flatMap((der) => {
    try {
      return [readCrlFields(der)];
    } catch {
      return [];
    }
  });
}

export interface IssuerOf {
  cert: CertificateFields;
  der: Uint8Array;
}

/**
 * RFC 5280 §6.3.3 for `cert`, whose issuer on the path is `issuer`: among the CRLs that issuer signed and
 * that are valid CRLs at `at`, revoked when one lists it by then, good when one does not, unknown with none.
 */
export function crlStatus(cert: CertificateFields, issuer: IssuerOf, crls: readonly CrlFields[], at: Date): CrlStatus {
  const usable = crls.filter((crl) => crlUsable(crl, issuer, at));
  if (usable.length === 0) return 'unknown';
  return usable.some((crl) => (crl.revoked.get(cert.serialNumber)?.getTime() ?? Infinity) <= at.getTime()) ? 'revoked' : 'good';
}

/** Same issuer name, a signature by its key under the algorithm policy, cRLSign where keyUsage is given, a non-critical cRLNumber (§5.2.3). */
function crlUsable(crl: CrlFields, issuer: IssuerOf, at: Date): boolean {
  if (!Buffer.from(crl.issuer.der).equals(issuer.cert.subject.der) || crl.thisUpdate > at) return false;
  const usage = keyUsageOf(issuer.cert.extensions);
  if (usage !== null && !usage.includes('cRLSign')) return false;
  if (!crl.extensions.has(OID.crlNumber) || crl.criticalExtensions.has(OID.crlNumber) || crl.duplicateExtensions.length > 0) return false;
  if ([...crl.criticalExtensions].some((oid) => !CRL_EXTENSIONS_KNOWN.has(oid))) return false;
  const scheme = schemeForAlgorithm(crl.signatureOid);
  return signatureAllowed(scheme) && scheme !== null && verifySignature(issuer.der, scheme, crl.tbs, crl.signatureValue);
}
