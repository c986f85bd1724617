import { closeSync, readSync } from 'node:fs';
import { PDF_RANGE_MAX_BYTES } from '../../../shared/api/limits.ts';
import { openPdfFile } from './document.ts';

/** A slice of a PDF for the page viewer, which fetches only the parts it draws. */
export function readPdfRange(path: string, offset: number, length: number): { size: number; bytes: Buffer } {
  const { fd, size } = openPdfFile(path);
  try {
    const start = Math.min(offset, size);
    const bytes = Buffer.alloc(Math.min(length, PDF_RANGE_MAX_BYTES, size - start));
    const read = readSync(fd, bytes, 0, bytes.length, start);
    return { size, bytes: bytes.subarray(0, read) };
  } finally {
    closeSync(fd);
  }
}
