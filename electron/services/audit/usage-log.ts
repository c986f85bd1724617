import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/** One use of a seal or approval key, as the custodian's periodic report lists it. */
export const UsageEntrySchema = z.object({
  time: z.string(),
  action: z.enum(['approve', 'seal']),
  /** Who held the token: its label and serial, and the certificate used. */
  token: z.object({ label: z.string(), serial: z.string() }),
  certificate: z.object({ subject: z.string(), fingerprintSha256: z.string() }),
  document: z.object({ name: z.string(), sha256: z.string(), output: z.string() }),
  approvedBy: z.string().nullable(),
  final: z.boolean(),
  crossPage: z.boolean(),
});
export type UsageEntry = z.infer<typeof UsageEntrySchema>;

const RecordSchema = z.object({ entry: UsageEntrySchema, previous: z.string(), hash: z.string() });

/**
 * Append-only: each line carries the hash of the one before, so a removed or edited line shows up
 * when the chain is checked. Later work (audit trail, usage report, 5-year retention) reads it here.
 */
export class UsageLog {
  constructor(readonly path: string) {}

  append(entry: UsageEntry): void {
    const previous = this.lastHash();
    const hash = createHash('sha256').update(previous).update(JSON.stringify(entry)).digest('hex');
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const fd = openSync(this.path, 'a', 0o600);
    try {
      writeSync(fd, `${JSON.stringify({ entry, previous, hash })}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  entries(): UsageEntry[] {
    return this.records().map((r) => r.entry);
  }

  /** True when every line links to the one before and its hash matches its content. */
  verifyChain(): boolean {
    let previous = '';
    for (const record of this.records()) {
      const expected = createHash('sha256').update(previous).update(JSON.stringify(record.entry)).digest('hex');
      if (record.previous !== previous || record.hash !== expected) return false;
      previous = record.hash;
    }
    return true;
  }

  private records(): z.infer<typeof RecordSchema>[] {
    if (!existsSync(this.path)) return [];
    return readFileSync(this.path, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => RecordSchema.parse(JSON.parse(line)));
  }

  /** Read from the end: the log grows for years and a seal must not cost a pass over all of it. */
  private lastHash(): string {
    if (!existsSync(this.path)) return '';
    const line = lastLine(this.path);
    return line === '' ? '' : RecordSchema.parse(JSON.parse(line)).hash;
  }
}

const TAIL_CHUNK = 4096;

function lastLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    for (let length = Math.min(TAIL_CHUNK, size); ; length = Math.min(length * 4, size)) {
      const tail = Buffer.alloc(length);
      readSync(fd, tail, 0, length, size - length);
      const lines = tail
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim() !== '');
      // A complete last line has a line break before it, or starts the file.
      if (lines.length > 1 || length === size) return lines.at(-1) ?? '';
    }
  } finally {
    closeSync(fd);
  }
}
