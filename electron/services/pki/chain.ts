import type { CertificateDetails } from '../../../shared/model/certificate.ts';

const MAX_CHAIN = 8;

/**
 * Issuers of `leaf` among the known certificates, leaf's issuer first, by name: the chain a user is
 * shown. Trust evaluation (signatures, revocation) belongs to the certificate-lifecycle work.
 */
export function chainFor(leaf: CertificateDetails, known: readonly CertificateDetails[]): CertificateDetails[] {
  const chain: CertificateDetails[] = [];
  let current = leaf;
  while (!current.selfSigned && chain.length < MAX_CHAIN) {
    const issuer = known.find((c) => c.subject.text === current.issuer.text && c.fingerprintSha256 !== current.fingerprintSha256);
    if (issuer === undefined || chain.includes(issuer)) break;
    chain.push(issuer);
    current = issuer;
  }
  return chain;
}
