import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import { writeFileAtomic } from './atomic-write.ts';

/** A small list kept as one JSON file, parsed with its schema on every read and replaced atomically on every write. */
export class JsonListFile<T> {
  constructor(
    private readonly path: string,
    private readonly schema: z.ZodType<T>,
  ) {}

  list(): T[] {
    if (!existsSync(this.path)) return [];
    return this.schema.array().parse(JSON.parse(readFileSync(this.path, 'utf8')));
  }

  write(items: readonly T[]): void {
    writeFileAtomic(this.path, `${JSON.stringify(items, null, 2)}\n`);
  }
}
