import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AnchorRecord } from '../../../shared/center/index.ts';
import type { AuditEntry, AuditLedger, AuditRecord } from '../../../shared/model/audit.ts';
import { unitCertificatesOf } from '../../../shared/model/center-link.ts';
import { parseJsonOrNull } from '../../../shared/validation/json.ts';
import { FileLock, writeFileAtomic } from '../platform/index.ts';
import type { SettingsStore } from '../settings/index.ts';
import type { Signer } from '../token/index.ts';
import type { Vault } from '../vault/index.ts';
import { anchorProblems, LedgerAnchors, type CenterCall } from './anchor.ts';
import { LedgerArchives, type UnitCertificate } from './archive.ts';
import { ArchiveCache } from './archive-cache.ts';
import { closedRuns } from './archive-runs.ts';
import {
  chainHash,
  chainOf,
  clockSteps,
  EMPTY_HEAD,
  LedgerHeadSchema,
  LedgerLineSchema,
  openLedgerLine,
  readLedgerLines,
  type LedgerHead,
} from './chain.ts';
import { LedgerKey } from './ledger-key.ts';

/**
 * The audit ledger (审计) in `audit/` of the data directory: one line per act, appended and fsynced,
 * each chained to the one before; `head.json`, replaced atomically after each line, names the last.
 * Closed years move into sealed archives beside it, and the chain's head is anchored at the center.
 * A damaged ledger is never repaired here: new records are chained to the last one written and the
 * damage stays for `read` to report.
 */
export class Ledger {
  readonly #file: string;
  readonly #headFile: string;
  /** Keeps the app and a CLI run apart when both append, or archive and rewrite the ledger. */
  readonly #lock: FileLock;
  readonly key: LedgerKey;
  readonly archives: LedgerArchives;
  readonly anchors: LedgerAnchors;

  /** `unitCertificate`: the certificate the yearly archives must be signed with (see LedgerArchives). */
  constructor(
    readonly dir: string,
    unitCertificate: UnitCertificate = () => [],
  ) {
    this.#file = join(dir, 'ledger.jsonl');
    this.#headFile = join(dir, 'head.json');
    this.#lock = new FileLock(join(dir, 'ledger.lock'), { busy: 'AUDIT_LEDGER_BUSY' });
    this.key = new LedgerKey(dir);
    this.archives = new LedgerArchives(dir, unitCertificate);
    this.anchors = new LedgerAnchors(dir);
  }

  /** The ledger of `dataDir`; its archives pinned to the unit certificates enrolled in `settings`, former ones included. */
  static in(dataDir: string, settings?: SettingsStore): Ledger {
    return new Ledger(join(dataDir, 'audit'), () => unitCertificatesOf(settings?.read().centerEnrolment ?? null));
  }

  /**
   * Durable when it returns, so a seal is reported done only once its record is on disk; a batch appends
   * record by record for the same reason. Neither sync is redundant, for the reader accepts a head at the
   * last line or the one before (a crash between the two writes) and nothing else:
   * - the line's fsync comes first, so a head never names a record that a crash could lose (which would read
   *   as records missing at the end);
   * - the head's atomic write (temp fsynced, renamed, folder fsynced) lands before the next line is written,
   *   so a crash can never leave two lines past the head, nor an empty head.
   */
  append(record: AuditRecord): void {
    this.#lock.holdSync(() => this.#append(record));
  }

  #append(record: AuditRecord): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const head = this.#head();
    const sealed = this.key.encrypt(Buffer.from(JSON.stringify(record), 'utf8'), head.hash).toString('base64');
    const hash = chainHash(head.hash, sealed);
    const fd = openSync(this.#file, 'a+', 0o600);
    try {
      // A line left torn by a crash stays its own (unreadable) line rather than swallowing this one.
      const separator = endsWithNewline(fd) ? '' : '\n';
      writeSync(fd, `${separator}${JSON.stringify(LedgerLineSchema.parse({ previous: head.hash, sealed, hash }))}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    writeFileAtomic(this.#headFile, `${JSON.stringify({ count: head.count + 1, hash })}\n`);
  }

  /**
   * Every record the vault's ledger key opens, in the archives and the live ledger, every line that fails,
   * and whether the chain holds, up to the anchor `fetched` from the center (else the one stored at the last sync).
   */
  read(vault: Vault, fetched?: AnchorRecord | null): AuditLedger {
    const open = this.key.opener(vault);
    const archived = this.archives.read(open, new ArchiveCache(vault));
    const live = readLedgerLines(this.#liveText(), this.#head(), open, archived.next);
    const entries = [...archived.entries, ...live.entries];
    const hashes = [...archived.hashes, ...live.hashes];
    const stored = this.anchors.state();
    const anchor =
      fetched === undefined ? { ...stored, source: 'stored' as const } : { ...stored, confirmed: fetched, source: 'center' as const };
    const problems = [...archived.problems, ...live.problems, ...anchorProblems(anchor.confirmed, hashes)];
    return {
      entries,
      problems,
      chain: chainOf(entries, problems, hashes.length),
      integrity: { archives: archived.archives, anchor, clockBackwards: clockSteps(entries) },
    };
  }

  /**
   * Records from the newest back, for questions about recent acts (首页): the live ledger read from its end,
   * each record opened only when reached, and the archives (closed years) only if reading goes on past the
   * live ledger's first record. Lines that do not open are passed over: `read` is where they are reported.
   */
  *newestFirst(vault: Vault): Generator<AuditEntry> {
    const open = this.key.opener(vault);
    const lines = splitLines(this.#liveText());
    const lastArchive = this.archives.entries()?.at(-1);
    const offset = lastArchive === undefined ? 0 : lastArchive.first + lastArchive.count - 1;
    for (let index = lines.length - 1; index >= 0; index--) {
      const record = openLedgerLine(lines[index] ?? '', open);
      if (record !== null) yield { line: offset + index + 1, record };
    }
    yield* this.archives.read(open, new ArchiveCache(vault)).entries.reverse();
  }

  /** At each sync: closed years into sealed archives, then the chain's head anchored at the center. */
  async atSync(vault: Vault, center: CenterCall, signer: Signer, now: Date): Promise<void> {
    await this.closeYears(vault, signer, now);
    const archived = this.archives.read(null);
    const live = readLedgerLines(this.#liveText(), this.#head(), null, archived.next);
    await this.anchors.anchor(center, signer, [...archived.hashes, ...live.hashes], now);
  }

  /**
   * Moves the live ledger's first records of closed years into archives, sealed with `signer`. A ledger
   * with any problem is left as it is, so no damage is rewritten out of sight; returns how many moved.
   */
  async closeYears(vault: Vault, signer: Signer, now: Date): Promise<number> {
    return this.#lock.hold(() => this.#closeYears(vault, signer, now));
  }

  async #closeYears(vault: Vault, signer: Signer, now: Date): Promise<number> {
    const start = this.archives.read(null).next;
    const text = this.#liveText();
    const live = readLedgerLines(text, this.#head(), this.key.opener(vault), start);
    if (start.previous === null || live.problems.length > 0) return 0;
    const runs = closedRuns(splitLines(text), live, start.previous, now);
    if (runs.length === 0) return 0;
    await this.archives.seal(runs, signer, new ArchiveCache(vault));
    // Only this process's appends happen meanwhile (others wait for the lock), at the end: the sealed lines are still the first ones.
    const moved = runs.reduce((sum, run) => sum + run.lines.length, 0);
    const lines = splitLines(this.#liveText());
    const rest = lines.slice(moved);
    const lastHash = LedgerLineSchema.parse(parseJsonOrNull(Buffer.from(lines.at(-1) ?? '', 'utf8'))).hash;
    writeFileAtomic(this.#file, rest.map((line) => `${line}\n`).join(''));
    writeFileAtomic(this.#headFile, `${JSON.stringify({ count: rest.length, hash: lastHash })}\n`);
    return moved;
  }

  #liveText(): string {
    return existsSync(this.#file) ? readFileSync(this.#file, 'utf8') : '';
  }

  /** A missing or damaged head counts as none: the next record starts from it and `read` reports the mismatch. */
  #head(): LedgerHead {
    if (!existsSync(this.#headFile)) return EMPTY_HEAD;
    const parsed = LedgerHeadSchema.safeParse(parseJsonOrNull(readFileSync(this.#headFile)));
    return parsed.success ? parsed.data : EMPTY_HEAD;
  }
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function endsWithNewline(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return true;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] === 0x0a;
}
