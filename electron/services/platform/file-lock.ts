import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { AppError, systemErrorCode, type ErrorCode } from '../../../shared/errors.ts';
import { parseJsonOrNull } from '../../../shared/validation/json.ts';
import { processIsGone } from './leftover-temps.ts';

const LockNoteSchema = z.object({ pid: z.number().int().positive(), at: z.number().int() }).strict();
type LockNote = z.infer<typeof LockNoteSchema>;

export interface FileLockOptions {
  /** Thrown, with `{ path, pid }` of the holder, when the lock stays taken longer than `waitMs`. */
  busy: ErrorCode;
  waitMs?: number;
  /** A lock older than this is taken over even if its pid runs: the pid was reused after a crash. */
  staleMs?: number;
}

const POLL_MS = 50;
/** A lock file without its note yet is being written by its taker; left longer than this, its taker died. */
const NOTE_GRACE_MS = 2000;

/**
 * An advisory lock between processes on one data directory (the app and a CLI run): a file created
 * exclusively, holding its taker's pid and the time it was taken. A lock whose process is gone, or older
 * than `staleMs`, is taken over. Only writers that take it are kept apart: every writer of the guarded files must.
 */
export class FileLock {
  readonly #waitMs: number;
  readonly #staleMs: number;
  #mine: LockNote | null = null;

  constructor(
    readonly path: string,
    private readonly options: FileLockOptions,
  ) {
    this.#waitMs = options.waitMs ?? 60_000;
    this.#staleMs = options.staleMs ?? 10 * 60_000;
  }

  /** Holds the lock across `work`, waiting for any other holder, in this process too. */
  async hold<T>(work: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.#waitMs;
    while (!this.#tryTake()) {
      this.#throwIfLate(deadline);
      await sleep(POLL_MS);
    }
    try {
      return await work();
    } finally {
      this.#release();
    }
  }

  /**
   * The same for synchronous `work`, waiting (blocking) only for another process: this process's own
   * holder cannot be interleaved by it, as long as each of its writes to the guarded files is synchronous.
   */
  holdSync<T>(work: () => T): T {
    const deadline = Date.now() + this.#waitMs;
    let taken = this.#tryTake();
    while (!taken && this.#readNote(this.path)?.pid !== process.pid) {
      this.#throwIfLate(deadline);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, POLL_MS);
      taken = this.#tryTake();
    }
    try {
      return work();
    } finally {
      if (taken) this.#release();
    }
  }

  #tryTake(): boolean {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const note: LockNote = { pid: process.pid, at: Date.now() };
    let fd: number;
    try {
      fd = openSync(this.path, 'wx', 0o600);
    } catch (error) {
      if (systemErrorCode(error) !== 'EEXIST') throw error;
      this.#takeOverIfStale();
      return false;
    }
    try {
      // Not fsynced: after a crash the lock is stale whatever it holds, and every append takes it.
      writeSync(fd, JSON.stringify(note));
    } finally {
      closeSync(fd);
    }
    this.#mine = note;
    return true;
  }

  /** A stale lock is moved aside under our own name first, so two takers never both remove a fresh one. */
  #takeOverIfStale(): void {
    const seen = this.#readNote(this.path);
    if (seen === undefined || !this.#isStale(seen)) return;
    const aside = `${this.path}.${process.pid}.stale`;
    try {
      renameSync(this.path, aside);
    } catch {
      return; // Taken over or released meanwhile.
    }
    const moved = this.#readNote(aside);
    if (!sameNote(moved, seen)) restore(aside, this.path);
    unlinkSync(aside);
  }

  /** Undefined when there is no lock; null when its note is not (yet) readable. */
  #readNote(path: string): LockNote | null | undefined {
    try {
      const parsed = LockNoteSchema.safeParse(parseJsonOrNull(readFileSync(path)));
      return parsed.success ? parsed.data : null;
    } catch {
      return undefined;
    }
  }

  #isStale(note: LockNote | null): boolean {
    if (note !== null) return processIsGone(note.pid) || Date.now() - note.at > this.#staleMs;
    try {
      return Date.now() - statSync(this.path).mtimeMs > NOTE_GRACE_MS;
    } catch {
      return false;
    }
  }

  #throwIfLate(deadline: number): void {
    if (Date.now() <= deadline) return;
    const holder = this.#readNote(this.path);
    throw new AppError(this.options.busy, { path: this.path, pid: holder?.pid ?? '?' });
  }

  /** Only our own lock is removed: one taken over from us as stale is its new holder's. */
  #release(): void {
    const mine = this.#mine;
    this.#mine = null;
    if (mine !== null && sameNote(this.#readNote(this.path), mine)) unlinkSync(this.path);
  }
}

function sameNote(a: LockNote | null | undefined, b: LockNote | null): boolean {
  return a?.pid === b?.pid && a?.at === b?.at;
}

/** Puts back a fresh lock moved aside by mistake, unless a new one was taken since. */
function restore(aside: string, path: string): void {
  try {
    linkSync(aside, path);
  } catch {
    // A new lock is in place: it holds, and the one moved aside had been released or broken anyway.
  }
}
