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
