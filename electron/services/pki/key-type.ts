import type { KeyType } from '../../../shared/model/certificate.ts';
import { childrenOf, contentOf, DER_TAG, readDerHeader, readOid } from '../der/index.ts';
import { OID } from './oids.ts';

/**
 * Reads the key type straight from the SubjectPublicKeyInfo { algorithm { OID, parameters }, BIT STRING },
 * because the WebCrypto-based parsers reject SM2 keys they cannot import.
 */
export function keyTypeOf(spki: Uint8Array): KeyType {
  const [algorithm, key] = childrenOf(spki, readDerHeader(spki, 0), DER_TAG.sequence) ?? fail();
  const [algorithmOid, parameters] = childrenOf(spki, algorithm, DER_TAG.sequence) ?? fail();
  if (algorithmOid === undefined || key?.tag !== DER_TAG.bitString) fail();
  const oid = readOid(spki, algorithmOid);
  if (oid === OID.rsaEncryption) {
    const bits = rsaModulusBits(contentOf(spki, key).subarray(1));
    return { family: 'RSA', display: `RSA ${bits}`, bits };
  }
  const curve = parameters?.tag === DER_TAG.oid ? readOid(spki, parameters) : '';
  if (oid === OID.sm2 || curve === OID.sm2) return { family: 'SM2', display: 'SM2', bits: 256 };
  if (oid === OID.ecPublicKey && curve === OID.p256) return { family: 'EC', display: 'EC P-256', bits: 256 };
  if (oid === OID.ecPublicKey && curve === OID.p384) return { family: 'EC', display: 'EC P-384', bits: 384 };
  if (oid === OID.ecPublicKey) return { family: 'EC', display: `EC ${curve}`, bits: null };
  return { family: 'unknown', display: oid, bits: null };
}

/** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
function rsaModulusBits(rsaKey: Uint8Array): number {
  const [modulus] = childrenOf(rsaKey, readDerHeader(rsaKey, 0), DER_TAG.sequence) ?? fail();
  if (modulus?.tag !== DER_TAG.integer) fail();
  const octets = contentOf(rsaKey, modulus);
  const significant = octets[0] === 0 ? octets.subarray(1) : octets;
  return significant.length * 8 - Math.clz32(significant[0] ?? 0) + 24;
}

function fail(): never {
  throw new Error('not a DER SubjectPublicKeyInfo');
}
