import { verify, X509Certificate, type KeyObject } from 'node:crypto';
import { KeptResults } from '../platform/index.ts';
import { sha256Hex } from './certificate.ts';
import { readCertificateFields } from './certificate-fields.ts';
import { OID } from './oids.ts';
import type { HashName } from './digest.ts';
import { sm2PublicKeyHex, verifySm2 } from './sm2.ts';

/** Signature schemes SealDesk makes on tokens. */
export type SignatureAlgorithm = 'rsa-pkcs1-sha256' | 'rsa-pss-sha256' | 'rsa-pss-sha512' | 'ecdsa-p256-sha256' | 'sm2-sm3';

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
  'rsa-pss-sha512': { family: 'rsa-pss', hash: 'sha512' },
  'ecdsa-p256-sha256': { family: 'ecdsa', hash: 'sha256' },
  'sm2-sm3': { family: 'sm2', hash: 'sm3' },
};

/** Signature algorithm OIDs that name their hash; bare key OIDs take the digest algorithm's. */
const SCHEME_BY_OID: Readonly<Record<string, { family: SignatureScheme['family']; hash?: HashName }>> = {
  [OID.rsaEncryption]: { family: 'rsa-pkcs1' },
  '1.2.840.113549.1.1.5': { family: 'rsa-pkcs1', hash: 'sha1' },
  '1.2.840.113549.1.1.11': { family: 'rsa-pkcs1', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { family: 'rsa-pkcs1', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { family: 'rsa-pkcs1', hash: 'sha512' },
  [OID.rsassaPss]: { family: 'rsa-pss' },
  [OID.ecPublicKey]: { family: 'ecdsa' },
  '1.2.840.10045.4.1': { family: 'ecdsa', hash: 'sha1' },
  '1.2.840.10045.4.3.2': { family: 'ecdsa', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { family: 'ecdsa', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { family: 'ecdsa', hash: 'sha512' },
  [OID.sm2WithSm3]: { family: 'sm2', hash: 'sm3' },
  [OID.sm2Sign]: { family: 'sm2', hash: 'sm3' },
};

/** The scheme a signature AlgorithmIdentifier names, taking `digestHash` where the OID names none; null when unknown. */
export function schemeForAlgorithm(signatureOid: string, digestHash?: HashName): SignatureScheme | null {
  const entry = SCHEME_BY_OID[signatureOid];
  const hash = entry?.hash ?? digestHash;
  return entry === undefined || hash === undefined ? null : { family: entry.family, hash };
}

export function schemeOf(algorithm: SignatureAlgorithm): SignatureScheme {
  return SCHEME_OF[algorithm];
}

/**
 * Verifies `signature` (DER for ECDSA and SM2) over `data` with the public key of the certificate `der`.
 * A key that does not fit the scheme is an invalid signature, not a crash.
 */
export function verifySignature(der: Uint8Array, scheme: SignatureScheme, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return scheme.family === 'sm2' ? verifySm2With(der, scheme, data, signature) : verifyWithNode(der, scheme, data, signature);
  } catch {
    return false;
  }
}

function verifySm2With(der: Uint8Array, scheme: SignatureScheme, data: Uint8Array, signature: Uint8Array): boolean {
  // Parsed in JS: Electron's BoringSSL does not know SM2 keys. SM2 always hashes with SM3 and Z.
  const spki = readCertificateFields(der).subjectPublicKeyInfo;
  return scheme.hash === 'sm3' && verifySm2(sm2PublicKeyHex(spki), data, signature);
}

/**
 * A batch verifies every document's approval with the same few certificates, and each signed request to or
 * from the center is checked with one of a few: their keys are parsed once.
 */
const publicKeys = new KeptResults<string, KeyObject>(64);

/** The certificate's public key (not for SM2, which Node cannot read in Electron), parsed once. */
export function certificatePublicKey(der: Uint8Array): KeyObject {
  return publicKeys.get(sha256Hex(der), () => new X509Certificate(der).publicKey);
}

function verifyWithNode(der: Uint8Array, scheme: SignatureScheme, data: Uint8Array, signature: Uint8Array): boolean {
  const key = certificatePublicKey(der);
  const options = scheme.family === 'rsa-pss' ? { key, padding: RSA_PKCS1_PSS_PADDING, saltLength: HASH_LENGTH[scheme.hash] } : key;
  return verify(scheme.hash, data, options, signature);
}

export function verifyWithCertificate(der: Uint8Array, algorithm: SignatureAlgorithm, data: Uint8Array, signature: Uint8Array): boolean {
  return verifySignature(der, schemeOf(algorithm), data, signature);
}
