import { randomBytes, scrypt, scryptSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import { writeFileAtomic } from '../platform/index.ts';
import { open, seal } from './cipher.ts';

/**
 * How the data key is protected at rest. The desktop shell wraps it with the OS keychain (Electron
 * safeStorage); the web shell and CLI with a passphrase through scrypt. Either way the data key
 * itself is random and never derived from anything the user types.
 */
export interface KeyWrapper {
  readonly kind: 'passphrase' | 'os-keychain';
  wrap(dataKey: Buffer): Record<string, string | number>;
  unwrap(stored: Record<string, string | number>): Buffer;
  /** The same off the main thread, where the wrapper can: so a command can log in to the token meanwhile. */
  unwrapAsync?(stored: Record<string, string | number>): Promise<Buffer>;
}

const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const PassphraseRecord = z.object({ salt: z.string(), N: z.number().int(), r: z.number().int(), p: z.number().int(), wrapped: z.string() });

export function passphraseWrapper(passphrase: string): KeyWrapper {
  const secret = passphrase.normalize('NFC');
  const kek = (salt: Buffer, params: { N: number; r: number; p: number }): Buffer =>
    scryptSync(secret, salt, 32, { ...params, maxmem: SCRYPT.maxmem });
  /** scrypt on libuv's thread pool: the half second it takes overlaps the caller's other work. */
  const kekAsync = (salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> =>
    new Promise((resolve, reject) =>
      scrypt(secret, salt, 32, { ...params, maxmem: SCRYPT.maxmem }, (error, key) => (error ? reject(error) : resolve(key))),
    );
  return {
    kind: 'passphrase',
    wrap(dataKey) {
      const salt = randomBytes(16);
      const { N, r, p } = SCRYPT;
      return { salt: salt.toString('base64'), N, r, p, wrapped: seal(kek(salt, SCRYPT), dataKey, 'vault-key').toString('base64') };
    },
    unwrap(stored) {
      const record = PassphraseRecord.parse(stored);
      return openWrapped(kek(Buffer.from(record.salt, 'base64'), record), record.wrapped);
    },
    async unwrapAsync(stored) {
      const record = PassphraseRecord.parse(stored);
      return openWrapped(await kekAsync(Buffer.from(record.salt, 'base64'), record), record.wrapped);
    },
  };
}

function openWrapped(kek: Buffer, wrapped: string): Buffer {
  try {
    return open(kek, Buffer.from(wrapped, 'base64'), 'vault-key');
  } catch (error) {
    throw new AppError('PASSPHRASE_INCORRECT', {}, { cause: error });
  }
}

const KeyFile = z.object({
  version: z.literal(1),
  wrapper: z.enum(['passphrase', 'os-keychain']),
  key: z.record(z.string(), z.union([z.string(), z.number()])),
});

/** The vault's data key: created on first use, afterwards unwrapped; a file from another wrapper is refused, not overwritten. */
export function loadOrCreateDataKey(path: string, wrapper: KeyWrapper): Buffer {
  const stored = storedKey(path, wrapper);
  return stored === null ? createDataKey(path, wrapper) : wrapper.unwrap(stored);
}

/** loadOrCreateDataKey, unwrapping off the main thread where the wrapper can. */
export async function loadOrCreateDataKeyAsync(path: string, wrapper: KeyWrapper): Promise<Buffer> {
  const stored = storedKey(path, wrapper);
  if (stored === null) return createDataKey(path, wrapper);
  return wrapper.unwrapAsync ? wrapper.unwrapAsync(stored) : wrapper.unwrap(stored);
}

function createDataKey(path: string, wrapper: KeyWrapper): Buffer {
  const dataKey = randomBytes(32);
  writeFileAtomic(path, `${JSON.stringify({ version: 1, wrapper: wrapper.kind, key: wrapper.wrap(dataKey) })}\n`);
  return dataKey;
}

/** The wrapped key as stored, or null when the vault has none yet. */
function storedKey(path: string, wrapper: KeyWrapper): Record<string, string | number> | null {
  if (!existsSync(path)) return null;
  const parsed = KeyFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new AppError('VAULT_CORRUPT', { name: 'key.json' });
  if (parsed.data.wrapper !== wrapper.kind) throw new AppError('VAULT_OTHER_SHELL', { wrapper: parsed.data.wrapper });
  return parsed.data.key;
}
