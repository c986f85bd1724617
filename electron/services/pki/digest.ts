import { createHash } from 'node:crypto';
import { Sm3 } from './sm3.ts';

/** Hashes found in signatures: SealDesk's own (SHA-256, SM3) and older tools' (SHA-1). */
export type HashName = 'sha1' | 'sha256' | 'sha384' | 'sha512' | 'sm3';

/** A hash fed chunk by chunk while a file streams past. */
export interface ContentHash {
  update(data: Uint8Array): ContentHash;
  digest(): Buffer;
  copy(): ContentHash;
}

/** SM3 in pure JS (Electron's BoringSSL has none); the others from node:crypto. */
export function createContentHash(name: HashName): ContentHash {
  return name === 'sm3' ? new Sm3() : createHash(name);
}

export function digestOf(name: HashName, data: Uint8Array): Buffer {
  return createContentHash(name).update(data).digest();
}

const HASH_BY_OID: Readonly<Record<string, HashName>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.2.156.10197.1.401': 'sm3',
};

const OID_BY_HASH = Object.fromEntries(Object.entries(HASH_BY_OID).map(([oid, name]) => [name, oid])) as Record<HashName, string>;

/** The hash a digest AlgorithmIdentifier names; undefined for one SealDesk cannot compute. */
export function hashForOid(oid: string): HashName | undefined {
  return HASH_BY_OID[oid];
}

/** The digest AlgorithmIdentifier OID for a hash. */
export function oidForHash(name: HashName): string {
  return OID_BY_HASH[name];
}
