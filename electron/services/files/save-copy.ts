import { closeSync, createReadStream, existsSync } from 'node:fs';
import { extname } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { openPdfFile } from '../pdf/index.ts';
import { writeStreamAtomic } from '../platform/atomic-write.ts';

/**
 * 另存为: a written PDF copied under another name or into another folder, streamed and put in place whole.
 * Only PDFs, to a .pdf name; a name that is taken is replaced only when the user confirmed it.
 */
export async function saveCopy(from: string, to: string, overwrite: boolean): Promise<void> {
  if (extname(to).toLowerCase() !== '.pdf') throw new AppError('PDF_NOT_PDF', { path: to });
  if (!overwrite && existsSync(to)) throw new AppError('OUTPUT_EXISTS', { path: to });
  closeSync(openPdfFile(from).fd);
  // Streamed from the source into the temp file that writeStreamAtomic fsyncs and renames into place.
  await writeStreamAtomic(to, async (out) => {
    for await (const chunk of createReadStream(from) as AsyncIterable<Buffer>) {
      for (let offset = 0; offset < chunk.length;) offset += (await out.write(chunk, offset)).bytesWritten;
    }
  });
}
