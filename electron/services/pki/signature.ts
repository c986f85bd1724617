import { verify, X509Certificate } from 'node:crypto';
import { parseCertificateDer } from './certificate.ts';
import { sm2PublicKeyHex, verifySm2 } from './sm2.ts';

/** Signature schemes SealDesk makes on tokens. */
export type SignatureAlgorithm = 'rsa-pkcs1-sha256' | 'rsa-pss-sha256' | 'ecdsa-p256-sha256' | 'sm2-sm3';

/** Hashes found in documents signed elsewhere (older tools still use SHA-1). */
export type HashName = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/** Any scheme met in a document: SealDesk's own and other producers'. */
export interface SignatureScheme {
  family: 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa';
  hash: HashName;
}

const RSA_PKCS1_PSS_PADDING = 6;
const HASH_LENGTH: Readonly<Record<HashName, number>> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

export function schemeOf(algorithm: Exclude<SignatureAlgorithm, 'sm2-sm3'>): SignatureScheme {
  return { family: algorithm === 'rsa-pss-sha256' ? 'rsa-pss' : algorithm === 'rsa-pkcs1-sha256' ? 'rsa-pkcs1' : 'ecdsa', hash: 'sha256' };
}

/** Verifies `signature` (DER for ECDSA) over `data` with the public key of the certificate `der`. */
export function verifySignature(der: Uint8Array, scheme: SignatureScheme, data: Uint8Array, signature: Uint8Array): boolean {
  const key = new X509Certificate(der).publicKey;
  const options = scheme.family === 'rsa-pss' ? { key, padding: RSA_PKCS1_PSS_PADDING, saltLength: HASH_LENGTH[scheme.hash] } : key;
  return verify(scheme.hash, data, options, signature);
}

export function verifyWithCertificate(der: Uint8Array, algorithm: SignatureAlgorithm, data: Uint8Array, signature: Uint8Array): boolean {
  if (algorithm === 'sm2-sm3') {
    // Parsed in JS: Electron's BoringSSL does not know SM2 keys.
    const spki = new Uint8Array(parseCertificateDer(der).publicKey.rawData);
    return verifySm2(sm2PublicKeyHex(spki), data, signature);
  }
  return verifySignature(der, schemeOf(algorithm), data, signature);
}
