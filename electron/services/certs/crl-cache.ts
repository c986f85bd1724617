import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../platform/index.ts';

const MetaSchema = z.object({ fetchedAt: z.iso.datetime() });

export interface CachedCrl {
  der: Uint8Array;
  fetchedAt: string;
}

/**
 * The center CA's last CRL, kept so certificate status answers offline, with the time it was fetched
 * so the answer's age can be shown. Only a CRL already checked against the pinned CA is saved.
 */
export class CrlCache {
  readonly #der: string;
  readonly #meta: string;

  constructor(dir: string) {
    this.#der = join(dir, 'center-crl.der');
    this.#meta = join(dir, 'center-crl.json');
  }

  save(der: Uint8Array, fetchedAt: Date): void {
    writeFileAtomic(this.#der, der);
    writeFileAtomic(this.#meta, `${JSON.stringify({ fetchedAt: fetchedAt.toISOString() })}\n`);
  }

  /** Null when nothing was kept yet or the files do not read back. */
  load(): CachedCrl | null {
    if (!existsSync(this.#der) || !existsSync(this.#meta)) return null;
    try {
      const meta = MetaSchema.parse(JSON.parse(readFileSync(this.#meta, 'utf8')));
      return { der: new Uint8Array(readFileSync(this.#der)), fetchedAt: meta.fetchedAt };
    } catch {
      return null;
    }
  }
}
