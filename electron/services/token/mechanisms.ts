import pkcs11js from 'pkcs11js';
import type { Mechanism } from '../../../shared/model/diagnostics.ts';

const CKM_VENDOR_DEFINED = 0x80000000;

/** Names of the standard mechanisms, built once from the binding's CKM_* constants. */
const NAME_BY_CODE: ReadonlyMap<number, string> = new Map(
  Object.entries(pkcs11js)
    .filter((entry): entry is [string, number] => entry[0].startsWith('CKM_') && typeof entry[1] === 'number')
    .map(([name, code]) => [code, name] as const)
    .reverse(),
);

/**
 * Vendor SM2/SM3/SM4 mechanisms as GM/T 0016-compatible PKCS#11 modules commonly define them. Real
 * modules differ, so diagnostics shows any vendor-defined code and labels only these known ones.
 */
const VENDOR_SM: ReadonlyMap<number, string> = new Map([
  [CKM_VENDOR_DEFINED + 0x8001, 'CKM_SM2_KEY_PAIR_GEN (vendor)'],
  [CKM_VENDOR_DEFINED + 0x8002, 'CKM_SM2 (vendor)'],
  [CKM_VENDOR_DEFINED + 0x8003, 'CKM_SM2_SM3 (vendor)'],
  [CKM_VENDOR_DEFINED + 0x8101, 'CKM_SM3 (vendor)'],
  [CKM_VENDOR_DEFINED + 0x8201, 'CKM_SM4_ECB (vendor)'],
]);

function familyOf(name: string): Mechanism['family'] {
  if (name.includes('SM2')) return 'SM2';
  if (name.includes('SM3')) return 'SM3';
  if (name.includes('SM4')) return 'SM4';
  if (name.includes('ECDSA') || name === 'CKM_EC_KEY_PAIR_GEN') return 'ECDSA';
  if (name.includes('RSA')) return 'RSA';
  return 'other';
}

export function describeMechanism(code: number, minKeySize: number, maxKeySize: number): Mechanism {
  const vendorDefined = code >= CKM_VENDOR_DEFINED;
  const name = VENDOR_SM.get(code) ?? NAME_BY_CODE.get(code) ?? `0x${code.toString(16).padStart(8, '0')}`;
  return { name, code, family: familyOf(name), vendorDefined, minKeySize, maxKeySize };
}
