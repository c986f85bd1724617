import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { AppError, fileSystemError } from '../../../shared/errors.ts';
import { INBOX_MAX_BYTES } from '../../../shared/model/files.ts';
import { tempPathFor } from '../platform/leftover-temps.ts';

/**
 * File systems hold at most 255 bytes per name: a Chinese name of 86 characters or more is longer. The
 * copy keeps its extension and loses the end of its stem, leaving room for the temp name's prefix and
 * suffix and for what a later act adds (`-已签发-已盖章.pdf`).
 */
const NAME_MAX_BYTES = 180;

/** Sessions older than this are removed when a new one starts: their files were copies of dropped ones. */
const KEEP_SESSIONS_MS = 7 * 24 * 3600_000;

interface Upload {
  path: string;
  temp: string;
  size: number;
  received: number;
  out: FileHandle;
}

/**
 * Files dropped into the web shell's page: a browser gives their bytes but never their path, so they are
 * copied here, one folder per session, and used by path like any other file. Each arrives in chunks
 * into a temp file and gets its name only once complete, so a half-sent file is never seen as a PDF.
 */
export class Inbox {
  readonly folder: string;
  readonly #uploads = new Map<string, Upload>();

  constructor(root: string, now = Date.now()) {
    removeOldSessions(root, now);
    this.folder = join(root, new Date(now).toISOString().replace(/[:.]/g, '-'));
  }

  /** A name from the browser is only ever a name: no folders, nothing hidden. */
  async start(name: string, size: number): Promise<string> {
    if (size > INBOX_MAX_BYTES) throw new AppError('FILE_TOO_LARGE', { name, maxMb: INBOX_MAX_BYTES / 1024 / 1024 });
    const printable = [...name.replace(/\\/g, '/')].filter((c) => c >= ' ').join('');
    const safe = fitName(basename(printable).replace(/^\.+/, '') || 'document.pdf');
    mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    const path = join(this.folder, safe);
    const temp = tempPathFor(path);
    const out = await open(temp, 'w', 0o600).catch((error: unknown) => {
      throw fileSystemError(error, path) ?? error;
    });
    const id = randomUUID();
    this.#uploads.set(id, { path, temp, size, received: 0, out });
    return id;
  }

  /** The next chunk, in order; the last one renames the file into place and returns its path. */
  async append(id: string, offset: number, bytes: Buffer): Promise<{ received: number; path: string | null }> {
    const upload = this.#uploads.get(id);
    if (upload === undefined) throw new AppError('BAD_REQUEST', { detail: 'unknown upload' });
    if (offset !== upload.received || offset + bytes.length > upload.size) {
      await this.#abandon(id, upload);
      throw new AppError('BAD_REQUEST', { detail: `upload offset ${offset}, expected ${upload.received} of ${upload.size}` });
    }
    try {
      await upload.out.write(bytes, 0, bytes.length, offset);
      upload.received += bytes.length;
      if (upload.received < upload.size) return { received: upload.received, path: null };
      await upload.out.sync();
      await upload.out.close();
      this.#uploads.delete(id);
      await rename(upload.temp, upload.path);
      return { received: upload.received, path: upload.path };
    } catch (error) {
      await this.#abandon(id, upload);
      throw fileSystemError(error, upload.path) ?? error;
    }
  }

  async #abandon(id: string, upload: Upload): Promise<void> {
    this.#uploads.delete(id);
    await upload.out.close().catch(() => undefined);
    await unlink(upload.temp).catch(() => undefined);
  }
}

/** Whole characters only: a cut inside a multi-byte character would leave an invalid name. */
function fitName(name: string): string {
  if (Buffer.byteLength(name) <= NAME_MAX_BYTES) return name;
  const extension = extname(name);
  const room = NAME_MAX_BYTES - Buffer.byteLength(`…${extension}`);
  let stem = '';
  for (const character of name.slice(0, name.length - extension.length)) {
    if (Buffer.byteLength(stem + character) > room) break;
    stem += character;
  }
  return `${stem}…${extension}`;
}

function removeOldSessions(root: string, now: number): void {
  let sessions: string[];
  try {
    sessions = readdirSync(root);
  } catch {
    return; // No inbox yet.
  }
  for (const session of sessions) {
    const path = join(root, session);
    try {
      if (now - statSync(path).mtimeMs > KEEP_SESSIONS_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another process removed it, or it cannot be touched: it stays, and nothing depends on it.
    }
  }
}
