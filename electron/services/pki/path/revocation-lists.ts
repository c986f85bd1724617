import { readCrlFields, type CrlFields } from '../crl-fields.ts';
import type { CertificateFields } from '../certificate-fields.ts';
import { keyUsageOf } from '../extensions.ts';
import { OID } from '../oids.ts';
import { schemeForAlgorithm, verifySignature } from '../signature.ts';
import { signatureAllowed } from './algorithm-policy.ts';

/** What a complete CRL may carry (RFC 5280 §5.2); delta CRLs and issuing distribution points are not processed, so theirs never count. */
const CRL_EXTENSIONS_KNOWN: ReadonlySet<string> = new Set([OID.crlNumber, '2.5.29.35', '2.5.29.18']);

export type CrlStatus = 'good' | 'revoked' | 'unknown';

/** What one usable CRL or OCSP response says of a certificate at the time asked, and which one said it. */
export interface RevocationAnswer {
  status: CrlStatus;
  source: 'crl' | 'ocsp';
  /** When its issuer knew the status to be so (thisUpdate). */
  thisUpdate: Date;
  /** The CRL or OCSP response as given. */
  der: Uint8Array;
}

/**
 * Which CRLs and responses may speak for the time asked: those issued by then, and with `later` also those
 * issued after it while the certificate was still valid (a document's validation data is gathered after it
 * was signed; once a certificate expires its entry may leave the CRL, so a later silence proves nothing).
 */
export interface IssuedWhen {
  at: Date;
  later: boolean;
}

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

/** Whether something issued at `thisUpdate` may speak about `cert` for `when`. */
export function issuedInTime(thisUpdate: Date, cert: CertificateFields, when: IssuedWhen): boolean {
  return thisUpdate <= when.at || (when.later && thisUpdate <= cert.notAfter);
}

/**
 * RFC 5280 §6.3.3 for `cert`, whose issuer on the path is `issuer`: among the CRLs that issuer signed and
 * that are valid CRLs for `when`, revoked when one lists it by then, good (the newest says so) when none
 * does; null with none usable.
 */
export function crlAnswer(
  cert: CertificateFields,
  issuer: IssuerOf,
  crls: readonly CrlFields[],
  when: IssuedWhen,
): RevocationAnswer | null {
  const usable = crls.filter((crl) => issuedInTime(crl.thisUpdate, cert, when) && crlUsable(crl, issuer));
  const listing = usable.find((crl) => (crl.revoked.get(cert.serialNumber)?.getTime() ?? Infinity) <= when.at.getTime());
  const answering =
    listing ??
    usable.reduce<CrlFields | null>((newest, crl) => (newest === null || crl.thisUpdate > newest.thisUpdate ? crl : newest), null);
  if (answering === null) return null;
  return { status: listing === undefined ? 'good' : 'revoked', source: 'crl', thisUpdate: answering.thisUpdate, der: answering.der };
}

/** crlAnswer's verdict for CRLs issued by `at`: unknown with none usable. */
export function crlStatus(cert: CertificateFields, issuer: IssuerOf, crls: readonly CrlFields[], at: Date): CrlStatus {
  return crlAnswer(cert, issuer, crls, { at, later: false })?.status ?? 'unknown';
}

/** Same issuer name, a signature by its key under the algorithm policy, cRLSign where keyUsage is given, a non-critical cRLNumber (§5.2.3). */
function crlUsable(crl: CrlFields, issuer: IssuerOf): boolean {
  if (!Buffer.from(crl.issuer.der).equals(issuer.cert.subject.der)) return false;
  const usage = keyUsageOf(issuer.cert.extensions);
  if (usage !== null && !usage.includes('cRLSign')) return false;
  if (!crl.extensions.has(OID.crlNumber) || crl.criticalExtensions.has(OID.crlNumber) || crl.duplicateExtensions.length > 0) return false;
  if ([...crl.criticalExtensions].some((oid) => !CRL_EXTENSIONS_KNOWN.has(oid))) return false;
  const scheme = schemeForAlgorithm(crl.signatureOid);
  return signatureAllowed(scheme) && scheme !== null && verifySignature(issuer.der, scheme, crl.tbs, crl.signatureValue);
}
