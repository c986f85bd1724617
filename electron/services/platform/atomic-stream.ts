import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * The streaming form of writeFileAtomic: `fill` writes into a temp file beside `path`, which is
 * fsynced and renamed into place only when `fill` resolves. On any failure nothing is left behind.
 */
export async function writeStreamAtomic<T>(path: string, fill: (out: FileHandle) => Promise<T>, mode = 0o600): Promise<T> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.sealdesk-tmp`);
  const out = await open(temp, 'wx', mode);
  try {
    const result = await fill(out);
    await out.sync();
    await out.close();
    await rename(temp, path);
    return result;
  } catch (error) {
    await out.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
