import type { Change } from '../../../shared/model/verification.ts';
import type { PdfDocument } from './document.ts';

/** How far back from a revision's end its `startxref N %%EOF` must start. */
const END_WINDOW = 1024;
/** Where a reader looks for the last `startxref`, as PdfDocument does. */
const TAIL_WINDOW = 2048;
// Writers end a revision with an EOL, some with more white space or NUL padding; none of it can draw anything.
const REVISION_END = /startxref\s+(\d+)\s+%%EOF[\s\0]*$/;

/**
 * Whether `position` is where a revision of this file ends: right after a `startxref N %%EOF` whose N
 * is one of the cross-reference sections the file chains. A signature whose bytes end anywhere else
 * covers something that was never a complete document (signature wrapping).
 */
export function endsRevision(document: PdfDocument, position: number): boolean {
  const before = document.readBytes(Math.max(0, position - END_WINDOW), Math.min(position, END_WINDOW)).toString('latin1');
  const match = REVISION_END.exec(before);
  return match !== null && document.sections.some((section) => section.offset === Number(match[1]));
}

/** How much of the file is read at a time while looking for where the newest revision ends and what follows it. */
const SCAN_CHUNK = 64 * 1024;
/** Longer than any `startxref N %%EOF`, so one cut by a chunk boundary is whole in the chunk before. */
const SCAN_OVERLAP = 64;
const END_MARK = /startxref\s+\d+\s+%%EOF/;

/**
 * What lies after the newest revision that the cross-reference chain reaches: bytes appended with no
 * cross-reference of their own, or an update that the chain cannot reach (no /Prev, a /Prev that loops or
 * points outside the file, a startxref copied from an earlier revision), which readers that repair files
 * take as an update (incremental saving attacks); or what is left of an update cut short. A file that
 * stops before the newest revision's `startxref … %%EOF` is truncated.
 */
export function documentEndChanges(document: PdfDocument): Change[] {
  const end = newestRevisionEnd(document);
  if (end === undefined) return [{ kind: 'modified', object: 0, what: 'truncated', pageIndex: null }];
  let drawsNothing = true;
  for (let at = end; at < document.size; at += SCAN_CHUNK) {
    const text = document.readBytes(at, SCAN_CHUNK + SCAN_OVERLAP).toString('latin1');
    if (text.includes('/ByteRange')) return [{ kind: 'modified', object: 0, what: 'signature-cut-off', pageIndex: null }];
    drawsNothing &&= /^[\s\0]*$/.test(text);
  }
  return drawsNothing ? [] : [{ kind: 'modified', object: 0, what: 'data-after-end', pageIndex: null }];
}

/** Where the newest section's revision ends: after the first `startxref N %%EOF` that follows it. */
function newestRevisionEnd(document: PdfDocument): number | undefined {
  // A rebuilt cross-reference has no sections to go by: the file's own last end marker is all there is.
  const from = document.repair === 'xref-rebuilt' ? lastStartxref(document) : newestSection(document);
  for (let at = from ?? document.size; at < document.size; at += SCAN_CHUNK) {
    const match = END_MARK.exec(document.readBytes(at, SCAN_CHUNK + SCAN_OVERLAP).toString('latin1'));
    if (match !== null) return at + match.index + match[0].length;
  }
  return undefined;
}

function newestSection(document: PdfDocument): number {
  return document.sections.reduce((newest, section) => Math.max(newest, section.offset), 0);
}

function lastStartxref(document: PdfDocument): number | undefined {
  const start = Math.max(0, document.size - TAIL_WINDOW);
  const at = document.readBytes(start, document.size - start).lastIndexOf('startxref');
  return at < 0 ? undefined : start + at;
}
