import { basename } from 'node:path';
import type { DocumentFacts } from '../../../shared/model/document.ts';
import { sha256OfFile } from '../platform/index.ts';
import { PdfDocument } from './document.ts';
import { pageCount } from './pages.ts';

/**
 * What the confirmation sheet names before a signature: the file, its page count and the SHA-256 of
 * its bytes as they are now, so the user confirms this very file. The hash streams, so a 200 MB
 * file costs one read and no more memory than a chunk.
 */
export async function describePdf(path: string): Promise<DocumentFacts> {
  const document = PdfDocument.open(path);
  let pages: number;
  try {
    pages = pageCount(document);
  } finally {
    document.close();
  }
  return { name: basename(path), size: document.size, pages, sha256: await sha256OfFile(path) };
}
