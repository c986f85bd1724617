import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { writeFileAtomic } from '../platform/index.ts';
import { open, seal } from './cipher.ts';
import { loadOrCreateDataKey, loadOrCreateDataKeyAsync, type KeyWrapper } from './key.ts';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Encrypted records at rest (drafts, attachments, outbox entries): one AES-256-GCM file per record,
 * written atomically, so a crash or power cut leaves the previous or the new version, never a torn one.
 */
export class Vault {
  readonly #key: Buffer;

  /** `dataKey`: already unwrapped (Vault.open); otherwise unwrapped here, on this thread. */
  constructor(
    readonly dir: string,
    wrapper: KeyWrapper,
    dataKey?: Buffer,
  ) {
    this.#key = dataKey ?? loadOrCreateDataKey(join(dir, 'key.json'), wrapper);
  }

  /**
   * The vault with its key unwrapped off the main thread where the wrapper can (a passphrase's scrypt),
   * so a command can log in to the token while it runs. The key lives in this object only, never on disk.
   */
  static async open(dir: string, wrapper: KeyWrapper): Promise<Vault> {
    return new Vault(dir, wrapper, await loadOrCreateDataKeyAsync(join(dir, 'key.json'), wrapper));
  }

  #path(collection: string, id: string): string {
    if (!ID.test(collection) || !ID.test(id)) throw new AppError('BAD_REQUEST', { detail: 'record id' });
    return join(this.dir, collection, `${id}.enc`);
  }

  write(collection: string, id: string, plaintext: Buffer): void {
    writeFileAtomic(this.#path(collection, id), seal(this.#key, plaintext, `${collection}/${id}`));
  }

  read(collection: string, id: string): Buffer | null {
    const path = this.#path(collection, id);
    return existsSync(path) ? open(this.#key, readFileSync(path), `${collection}/${id}`) : null;
  }

  remove(collection: string, id: string): void {
    rmSync(this.#path(collection, id), { force: true });
  }

  ids(collection: string): string[] {
    const dir = join(this.dir, collection);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((name) => name.endsWith('.enc'))
      .map((name) => name.slice(0, -'.enc'.length));
  }
}
