export { describeCertificate, issuersByName, sha256Hex } from './certificate.ts';
export { certificateLayout, readCertificateFields, type CertificateFields } from './certificate-fields.ts';
export { nameField, nameValues, type ParsedName } from './name.ts';
export { chainFor } from './chain.ts';
export { classifyCertificate, policyOidFor } from './classify.ts';
export { OID } from './oids.ts';
export { selectCertificate, type Selectable } from './select.ts';
export { derFromPem, pemFromDer } from './pem.ts';
export { listTrustedRoots, readTrustedRoots, trustedRootsOf, type TrustedRoots } from './roots.ts';
export { SM2_DEFAULT_ID, sm2Digest, sm2PublicKeyHex, verifySm2 } from './sm2.ts';
export { createContentHash, digestOf, hashForOid, oidForHash, type ContentHash, type HashName } from './digest.ts';
export { buildCertificateRequest, type RequestSigner } from './csr.ts';
export {
  certificatePublicKey,
  schemeForAlgorithm,
  schemeOf,
  verifySignature,
  verifyWithCertificate,
  type SignatureAlgorithm,
  type SignatureScheme,
} from './signature.ts';
export { evaluateTrust, type Purpose, type TrustOptions, type TrustResult } from './trust.ts';
export type { RevocationAnswer } from './path/revocation-lists.ts';
export { hashAllowed, legacyHashAllowed } from './path/algorithm-policy.ts';
export { checkCrl, crlIssuedByOneOf, type CrlCheck } from './crl.ts';
export { checkOcspResponse, ocspRequest, type OcspAnswer } from './ocsp.ts';
