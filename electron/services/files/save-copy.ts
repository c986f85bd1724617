import { closeSync, constants, existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { openPdfFile } from '../pdf/index.ts';
import { writeStreamAtomic } from '../platform/atomic-write.ts';

/**
 * 另存为: a written PDF copied under another name or into another folder, by the kernel and put in place whole.
 * Only PDFs, to a .pdf name; a name that is taken is replaced only when the user confirmed it.
 */
export async function saveCopy(from: string, to: string, overwrite: boolean): Promise<void> {
  if (extname(to).toLowerCase() !== '.pdf') throw new AppError('PDF_NOT_PDF', { path: to });
  if (!overwrite && existsSync(to)) throw new AppError('OUTPUT_EXISTS', { path: to });
  closeSync(openPdfFile(from).fd);
  // The kernel's copy (a reflink where the file system has them) into the temp file that writeStreamAtomic
  // fsyncs and renames into place; copyFile gives it the source's mode, which the copy does not keep.
  await writeStreamAtomic(to, (out, temp) => copyFile(from, temp, constants.COPYFILE_FICLONE).then(() => out.chmod(0o600)));
}
