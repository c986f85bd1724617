import { verify, X509Certificate } from 'node:crypto';

/** Signature schemes SealDesk makes on tokens and checks in documents. */
export type SignatureAlgorithm = 'rsa-pkcs1-sha256' | 'rsa-pss-sha256' | 'ecdsa-p256-sha256';

const RSA_PKCS1_PSS_PADDING = 6;

/** Verifies `signature` (DER for ECDSA) over `data` with the public key of the certificate `der`. */
export function verifyWithCertificate(der: Uint8Array, algorithm: SignatureAlgorithm, data: Uint8Array, signature: Uint8Array): boolean {
  const key = new X509Certificate(der).publicKey;
  const pss = algorithm === 'rsa-pss-sha256';
  return verify('sha256', data, pss ? { key, padding: RSA_PKCS1_PSS_PADDING, saltLength: 32 } : key, signature);
}
