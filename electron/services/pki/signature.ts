import { verify, X509Certificate } from 'node:crypto';
import { parseCertificateDer } from './certificate.ts';
import type { HashName } from './digest.ts';
import { sm2PublicKeyHex, verifySm2 } from './sm2.ts';

/** Signature schemes SealDesk makes on tokens. */
export type SignatureAlgorithm = 'rsa-pkcs1-sha256' | 'rsa-pss-sha256' | 'ecdsa-p256-sha256' | 'sm2-sm3';

/** Any scheme met in a document: SealDesk's own and other producers'. */
export interface SignatureScheme {
  family: 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa' | 'sm2';
  hash: HashName;
}

const RSA_PKCS1_PSS_PADDING = 6;
const HASH_LENGTH: Readonly<Record<HashName, number>> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64, sm3: 32 };

const SCHEME_OF: Readonly<Record<SignatureAlgorithm, SignatureScheme>> = {
  'rsa-pkcs1-sha256': { family: 'rsa-pkcs1', hash: 'sha256' },
  'rsa-pss-sha256': { family: 'rsa-pss', hash: 'sha256' },
  'ecdsa-p256-sha256': { family: 'ecdsa', hash: 'sha256' },
  'sm2-sm3': { family: 'sm2', hash: 'sm3' },
};

export function schemeOf(algorithm: SignatureAlgorithm): SignatureScheme {
  return SCHEME_OF[algorithm];
}

/** Verifies `signature` (DER for ECDSA and SM2) over `data` with the public key of the certificate `der`. */
export function verifySignature(der: Uint8Array, scheme: SignatureScheme, data: Uint8Array, signature: Uint8Array): boolean {
  if (scheme.family === 'sm2') {
    // Parsed in JS: Electron's BoringSSL does not know SM2 keys. SM2 always hashes with SM3 and Z.
    const spki = new Uint8Array(parseCertificateDer(der).publicKey.rawData);
    return scheme.hash === 'sm3' && verifySm2(sm2PublicKeyHex(spki), data, signature);
  }
  const key = new X509Certificate(der).publicKey;
  const options = scheme.family === 'rsa-pss' ? { key, padding: RSA_PKCS1_PSS_PADDING, saltLength: HASH_LENGTH[scheme.hash] } : key;
  return verify(scheme.hash, data, options, signature);
}

export function verifyWithCertificate(der: Uint8Array, algorithm: SignatureAlgorithm, data: Uint8Array, signature: Uint8Array): boolean {
  return verifySignature(der, schemeOf(algorithm), data, signature);
}
