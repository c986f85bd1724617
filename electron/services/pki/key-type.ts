import * as asn1js from 'asn1js';
import type { KeyType } from '../../../shared/model/certificate.ts';
import { OID } from './oids.ts';

/**
 * Reads the key type straight from the SubjectPublicKeyInfo, because the WebCrypto-based parsers
 * reject SM2 keys they cannot import.
 */
export function keyTypeOf(spki: ArrayBuffer): KeyType {
  const parsed = asn1js.fromBER(spki);
  const sequence = parsed.result as asn1js.Sequence;
  const algorithm = sequence.valueBlock.value[0] as asn1js.Sequence;
  const [algorithmOid, parameters] = algorithm.valueBlock.value;
  const oid = (algorithmOid as asn1js.ObjectIdentifier).valueBlock.toString();
  if (oid === OID.rsaEncryption) {
    const bits = rsaModulusBits(sequence.valueBlock.value[1] as asn1js.BitString);
    return { family: 'RSA', display: `RSA ${bits}`, bits };
  }
  const curve = parameters instanceof asn1js.ObjectIdentifier ? parameters.valueBlock.toString() : '';
  if (oid === OID.sm2 || curve === OID.sm2) return { family: 'SM2', display: 'SM2', bits: 256 };
  if (oid === OID.ecPublicKey && curve === OID.p256) return { family: 'EC', display: 'EC P-256', bits: 256 };
  if (oid === OID.ecPublicKey && curve === OID.p384) return { family: 'EC', display: 'EC P-384', bits: 384 };
  if (oid === OID.ecPublicKey) return { family: 'EC', display: `EC ${curve}`, bits: null };
  return { family: 'unknown', display: oid, bits: null };
}

function rsaModulusBits(key: asn1js.BitString): number {
  const rsaKey = asn1js.fromBER(key.valueBlock.valueHexView).result as asn1js.Sequence;
  const modulus = (rsaKey.valueBlock.value[0] as asn1js.Integer).valueBlock.valueHexView;
  const significant = modulus[0] === 0 ? modulus.subarray(1) : modulus;
  return significant.length * 8 - Math.clz32(significant[0] ?? 0) + 24;
}
