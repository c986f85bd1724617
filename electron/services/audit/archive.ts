import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import type { AuditArchive } from '../../../shared/model/audit-integrity.ts';
import { parseJsonOrNull } from '../../../shared/validation/json.ts';
import { checkSignedContent, signatureHolds, signContent } from '../cms/index.ts';
import { sha256Hex } from '../pki/index.ts';
import { writeFileAtomic } from '../platform/index.ts';
import type { Signer } from '../token/index.ts';
import type { AuditEntry } from '../../../shared/model/audit.ts';
import type { ArchiveCache } from './archive-cache.ts';
import { CHAIN_START, readLedgerLines, type ChainStart, type LinesRead, type Opener } from './chain.ts';

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const ArchiveEntrySchema = z
  .object({
    year: z.number().int(),
    file: z.string().regex(/^\d{4}(-\d+)?\.jsonl$/),
    first: z.number().int().min(1),
    count: z.number().int().min(1),
    previous: z.union([z.literal(''), Sha256Hex]),
    last: Sha256Hex,
    sha256: Sha256Hex,
  })
  .strict();
type ArchiveEntry = z.infer<typeof ArchiveEntrySchema>;
const ArchiveIndexSchema = z.object({ version: z.literal(1), archives: z.array(ArchiveEntrySchema) }).strict();

export const ARCHIVE_DIR = 'archive';
const INDEX_FILE = 'archives.json';
/** The detached CMS signature beside each archive: `openssl cms -verify -binary -inform DER -in Y.jsonl.p7s -content Y.jsonl`. */
export const SIGNATURE_SUFFIX = '.p7s';

/** SHA-256 of the unit certificate the archives must be signed with (the enrolled one); null before enrolment. */
/** SHA-256 of the certificates the unit has enrolled (renewals keep the former ones): the archives' only signers. */
export type UnitCertificate = () => readonly string[];

export interface ArchivesRead extends LinesRead {
  archives: AuditArchive[];
  /** Where the live ledger continues the chain. */
  next: ChainStart;
}

/** A run of the live ledger's first lines, all of one closed year, ready to be sealed into an archive. */
export interface ClosedRun {
  year: number;
  lines: string[];
  /** The same records opened, for the cache. */
  entries: AuditEntry[];
  previous: string;
  last: string;
}

/**
 * Closed years of the ledger (归档) in `audit/archive/`: each a file of the ledger's own lines, sealed with
 * the unit certificate by a detached CMS signature, listed in `archives.json` so that a missing one is
 * named. Nothing here deletes an archive: they are kept beyond the five years the regulations ask.
 */
export class LedgerArchives {
  readonly #dir: string;
  readonly #index: string;

  constructor(
    auditDir: string,
    private readonly unitCertificate: UnitCertificate,
  ) {
    this.#dir = join(auditDir, ARCHIVE_DIR);
    this.#index = join(auditDir, INDEX_FILE);
  }

  /** Null when the list is damaged: reading goes on without it (the chain then breaks where it was), archiving stops. */
  entries(): ArchiveEntry[] | null {
    if (!existsSync(this.#index)) return [];
    const parsed = ArchiveIndexSchema.safeParse(parseJsonOrNull(readFileSync(this.#index)));
    return parsed.success ? parsed.data.archives : null;
  }

  /**
   * Every archive in chain order: its records, its problems, and whether it is there and matches its
   * signature by the unit certificate (any other signer, however valid, means it was re-signed). An intact archive's records come from `cache` when it holds them; `open` null reads the chain only.
   */
  read(open: Opener | null, cache?: ArchiveCache): ArchivesRead {
    const read: ArchivesRead = { entries: [], problems: [], hashes: [], archives: [], next: CHAIN_START };
    let previous: string | null = '';
    const unit = this.unitCertificate();
    for (const entry of this.entries() ?? []) {
      const start = { offset: entry.first - 1, previous };
      const path = join(this.#dir, entry.file);
      const summary = { year: entry.year, file: `${ARCHIVE_DIR}/${entry.file}`, first: entry.first, records: entry.count };
      if (!existsSync(path)) {
        read.archives.push({ ...summary, state: 'missing' });
        read.problems.push({ line: entry.first, reason: 'archive-missing' });
        read.hashes.push(...Array<null>(entry.count).fill(null));
        previous = entry.last;
        continue;
      }
      const bytes = readFileSync(path);
      const state = sha256(bytes) === entry.sha256 ? sealState(bytes, `${path}${SIGNATURE_SUFFIX}`, unit) : 'damaged';
      const intact = state === 'intact';
      read.archives.push({ ...summary, state });
      if (!intact) read.problems.push({ line: entry.first, reason: state === 'damaged' ? 'archive-damaged' : 'archive-foreign-signer' });
      const cached = intact && open !== null ? (cache?.get(entry.sha256) ?? null) : null;
      const lines = readLedgerLines(bytes.toString('utf8'), { count: entry.count, hash: entry.last }, cached === null ? open : null, start);
      if (cached === null && intact && open !== null && lines.problems.length === 0) cache?.put(entry.sha256, lines.entries);
      read.entries.push(...(cached ?? lines.entries));
      read.problems.push(...lines.problems);
      read.hashes.push(...lines.hashes.slice(0, entry.count), ...Array<null>(Math.max(0, entry.count - lines.hashes.length)).fill(null));
      previous = lines.hashes.at(-1) ?? null;
    }
    const last = this.entries()?.at(-1);
    read.next = last === undefined ? CHAIN_START : { offset: last.first + last.count - 1, previous };
    return read;
  }

  /** Seals each run into its archive and lists it; the caller then drops those lines from the live ledger. */
  async seal(runs: readonly ClosedRun[], signer: Signer, cache: ArchiveCache): Promise<void> {
    const entries = this.entries();
    if (entries === null) throw new AppError('AUDIT_ARCHIVE_INDEX_INVALID', { path: this.#index });
    mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
    for (const run of runs) {
      const last = entries.at(-1);
      const first = last === undefined ? 1 : last.first + last.count;
      const file = existsSync(join(this.#dir, `${run.year}.jsonl`)) ? `${run.year}-${first}.jsonl` : `${run.year}.jsonl`;
      const bytes = Buffer.from(`${run.lines.join('\n')}\n`, 'utf8');
      const digest = sha256(bytes);
      writeFileAtomic(join(this.#dir, file), bytes);
      writeFileAtomic(join(this.#dir, `${file}${SIGNATURE_SUFFIX}`), await signContent(signer, bytes));
      entries.push({ year: run.year, file, first, count: run.lines.length, previous: run.previous, last: run.last, sha256: digest });
      cache.put(digest, run.entries);
      writeFileAtomic(this.#index, `${JSON.stringify({ version: 1, archives: entries }, null, 1)}\n`);
    }
  }
}

function sealState(bytes: Buffer, signaturePath: string, unit: readonly string[]): AuditArchive['state'] {
  if (!existsSync(signaturePath)) return 'damaged';
  try {
    const check = checkSignedContent(readFileSync(signaturePath), bytes);
    if (!signatureHolds(check)) return 'damaged';
    return unit.includes(sha256Hex(check.signerCertificate)) ? 'intact' : 'foreign-signer';
  } catch {
    return 'damaged';
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
