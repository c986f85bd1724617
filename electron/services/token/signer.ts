import { AppError } from '../../../shared/errors.ts';
import type { KeyType } from '../../../shared/model/certificate.ts';
import { digestOf, schemeOf, sm2Digest, type SignatureAlgorithm } from '../pki/index.ts';
import type { Sm2Profile } from './sm2-profile.ts';
import type { SignMechanism } from './types.ts';

/**
 * What PDF, CMS and HTTP-signature code receive: a certificate and a way to sign with its key. They
 * never see PKCS#11; the signature comes back in the algorithm's standard encoding (DER for ECDSA).
 */
export interface Signer extends KeySigner {
  readonly certificate: Uint8Array;
}

/** A key on the token before it has a certificate: what signs a certificate request for it. */
export interface KeySigner {
  readonly keyType: KeyType;
  readonly algorithms: readonly SignatureAlgorithm[];
  sign(data: Uint8Array, algorithm: SignatureAlgorithm): Promise<Uint8Array>;
}

export type RawSign = (mechanism: SignMechanism, input: Uint8Array) => Promise<Uint8Array>;

/** An SM2 key: its public point (for Z) and how its module wants to be asked. */
export interface Sm2Key {
  publicKeyHex: string;
  profile: Sm2Profile;
}

const SHA256_DIGEST_INFO_PREFIX = Buffer.from('3031300d060960864801650304020105000420', 'hex');

export function algorithmsFor(keyType: KeyType): SignatureAlgorithm[] {
  if (keyType.family === 'RSA') return ['rsa-pkcs1-sha256', 'rsa-pss-sha256', 'rsa-pss-sha512'];
  if (keyType.display === 'EC P-256') return ['ecdsa-p256-sha256'];
  if (keyType.family === 'SM2') return ['sm2-sm3'];
  return [];
}

export function createSigner(certificate: Uint8Array, keyType: KeyType, rawSign: RawSign, sm2?: Sm2Key): Signer {
  return { certificate, ...createKeySigner(keyType, rawSign, sm2) };
}

/** Hashes in the app (tokens often lack hash-and-sign mechanisms) and shapes the input per mechanism. */
export function createKeySigner(keyType: KeyType, rawSign: RawSign, sm2?: Sm2Key): KeySigner {
  const algorithms = algorithmsFor(keyType).filter((a) => a !== 'sm2-sm3' || sm2 !== undefined);
  return {
    keyType,
    algorithms,
    async sign(data, algorithm) {
      if (!algorithms.includes(algorithm)) throw new AppError('MECHANISM_UNSUPPORTED', { algorithm });
      if (algorithm === 'sm2-sm3' && sm2 !== undefined) return signSm2(data, sm2, rawSign);
      const digest = digestOf(schemeOf(algorithm).hash, data);
      switch (algorithm) {
        case 'rsa-pkcs1-sha256':
          return rawSign('RSA_PKCS', Buffer.concat([SHA256_DIGEST_INFO_PREFIX, digest]));
        case 'rsa-pss-sha256':
          return rawSign('RSA_PSS_SHA256', digest);
        case 'rsa-pss-sha512':
          return rawSign('RSA_PSS_SHA512', digest);
        case 'ecdsa-p256-sha256':
          return ecdsaRawToDer(await rawSign('ECDSA', digest));
        default:
          throw new AppError('MECHANISM_UNSUPPORTED', { algorithm });
      }
    },
  };
}

/** SM3 with Z on the host when the module signs digests; the signature normalised to DER either way. */
async function signSm2(data: Uint8Array, key: Sm2Key, rawSign: RawSign): Promise<Uint8Array> {
  const input = key.profile.input === 'digest' ? sm2Digest(data, key.publicKeyHex) : data;
  const signature = await rawSign('SM2', input);
  return key.profile.output === 'raw' ? ecdsaRawToDer(signature) : signature;
}

/** PKCS#11 returns ECDSA as r‖s; X.509, CMS and node:crypto expect a DER SEQUENCE of two INTEGERs. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const integer = (bytes: Uint8Array): Buffer => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const trimmed = bytes.subarray(start);
    const body = (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : Buffer.from(trimmed);
    return Buffer.concat([Buffer.from([0x02, body.length]), body]);
  };
  const content = Buffer.concat([integer(raw.subarray(0, half)), integer(raw.subarray(half))]);
  return new Uint8Array(Buffer.concat([Buffer.from([0x30, content.length]), content]));
}
