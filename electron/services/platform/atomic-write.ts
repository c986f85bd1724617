import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError, fileSystemError, systemErrorCode } from '../../../shared/errors.ts';
import { removeLeftoverTemps, tempPathFor } from './leftover-temps.ts';

/** Write temp, fsync, rename: a crash leaves either the old file or the new one, never half of one. */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  removeLeftoverTemps(dirname(path));
  const temp = tempPathFor(path);
  const fd = openSync(temp, 'w', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  syncDirectory(dirname(path));
}

/** A folder of files that appears complete or not at all: written beside it under a dot name, then renamed into place. */
export function writeFolderAtomic(path: string, files: Readonly<Record<string, Uint8Array>>, mode = 0o600): void {
  const staging = join(dirname(path), `.${basename(path)}`);
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  for (const [name, data] of Object.entries(files)) writeFileAtomic(join(staging, name), data, mode);
  renameSync(staging, path);
  syncDirectory(dirname(path));
}

/**
 * The streaming form: `fill` writes into a temp file beside `path` (and may read back what it wrote
 * from `temp`), which is fsynced and renamed into place only when `fill` resolves. On any failure
 * nothing is left behind.
 */
export async function writeStreamAtomic<T>(path: string, fill: (out: FileHandle, temp: string) => Promise<T>, mode = 0o600): Promise<T> {
  removeLeftoverTemps(dirname(path));
  const temp = tempPathFor(path);
  const out = await open(temp, 'wx', mode).catch((error: unknown) => {
    throw writeError(error, path, 'opening');
  });
  try {
    const result = await fill(out, temp);
    await out.sync();
    await out.close();
    await rename(temp, path);
    syncDirectory(dirname(path));
    return result;
  } catch (error) {
    await out.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw writeError(error, path, 'filling');
  }
}

/**
 * A refused write names the file the user asked for, not our temp file beside it. While filling, only a
 * full disk is surely the output's; other refusals may concern what `fill` reads, and keep the path the
 * system reported.
 */
function writeError(error: unknown, path: string, stage: 'opening' | 'filling'): unknown {
  const code = systemErrorCode(error);
  if (stage === 'opening' && (code === 'ENOENT' || code === 'ENOTDIR'))
    return new AppError('OUTPUT_FOLDER_MISSING', { path: dirname(path) }, { cause: error });
  if (stage === 'opening' || code === 'ENOSPC' || code === 'EDQUOT') return fileSystemError(error, path) ?? error;
  return error;
}

function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a directory for fsync; rename is already durable there.
  }
}
