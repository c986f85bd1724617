import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../platform/index.ts';

const MetaSchema = z.object({ fetchedAt: z.iso.datetime() });

/** Revocation evidence as fetched (a CRL or an OCSP response, DER) and when. */
export interface KeptAnswer {
  der: Uint8Array;
  fetchedAt: string;
}

/**
 * The center's last revocation answer of one kind (its CRL, or one certificate's OCSP response), kept
 * so certificate status answers offline with its age shown. Only an answer already checked against
 * the pinned CA is saved; whoever reads it checks it again.
 */
export class KeptEvidence {
  readonly #der: string;
  readonly #meta: string;

  constructor(dir: string, name: string) {
    this.#der = join(dir, `${name}.der`);
    this.#meta = join(dir, `${name}.json`);
  }

  save(der: Uint8Array, fetchedAt: Date): void {
    writeFileAtomic(this.#der, der);
    writeFileAtomic(this.#meta, `${JSON.stringify({ fetchedAt: fetchedAt.toISOString() })}\n`);
  }

  /** Null when nothing was kept yet or the files do not read back. */
  load(): KeptAnswer | null {
    if (!existsSync(this.#der) || !existsSync(this.#meta)) return null;
    try {
      const meta = MetaSchema.parse(JSON.parse(readFileSync(this.#meta, 'utf8')));
      return { der: new Uint8Array(readFileSync(this.#der)), fetchedAt: meta.fetchedAt };
    } catch {
      return null;
    }
  }
}
