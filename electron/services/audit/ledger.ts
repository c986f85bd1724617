import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditLedger, AuditRecord } from '../../../shared/model/audit.ts';
import { parseJsonOrNull } from '../../../shared/validation/json.ts';
import { writeFileAtomic } from '../platform/index.ts';
import type { Vault } from '../vault/index.ts';
import { chainHash, EMPTY_HEAD, LedgerHeadSchema, LedgerLineSchema, readLedgerLines, type LedgerHead } from './chain.ts';
import { LedgerKey } from './ledger-key.ts';

/**
 * The audit ledger (审计) in `audit/` of the data directory: one line per act, appended and fsynced,
 * each chained to the one before; `head.json`, replaced atomically after each line, names the last.
 * A damaged ledger is never repaired here: new records are chained to the last one written and the
 * damage stays for `read` to report.
 */
export class Ledger {
  readonly #file: string;
  readonly #headFile: string;
  readonly key: LedgerKey;

  constructor(readonly dir: string) {
    this.#file = join(dir, 'ledger.jsonl');
    this.#headFile = join(dir, 'head.json');
    this.key = new LedgerKey(dir);
  }

  static in(dataDir: string): Ledger {
    return new Ledger(join(dataDir, 'audit'));
  }

  append(record: AuditRecord): void {
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

  /** Every record the vault's ledger key opens, every line that fails, and whether the chain holds. */
  read(vault: Vault): AuditLedger {
    const open = this.key.opener(vault);
    const text = existsSync(this.#file) ? readFileSync(this.#file, 'utf8') : '';
    return readLedgerLines(text, this.#head(), open);
  }

  /** A missing or damaged head counts as none: the next record starts from it and `read` reports the mismatch. */
  #head(): LedgerHead {
    if (!existsSync(this.#headFile)) return EMPTY_HEAD;
    const parsed = LedgerHeadSchema.safeParse(parseJsonOrNull(readFileSync(this.#headFile)));
    return parsed.success ? parsed.data : EMPTY_HEAD;
  }
}

function endsWithNewline(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return true;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] === 0x0a;
}
