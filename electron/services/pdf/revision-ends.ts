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

/**
 * What lies after the last complete revision: bytes appended with no cross-reference of their own,
 * which readers that repair files take as an update (incremental saving attacks), or what is left of
 * an update cut short. A file cut inside its final `startxref … %%EOF` is truncated.
 */
export function documentEndChanges(document: PdfDocument): Change[] {
  const start = Math.max(0, document.size - TAIL_WINDOW);
  const tail = document.readBytes(start, document.size - start).toString('latin1');
  const at = tail.lastIndexOf('startxref');
  const end = /^startxref\s+\d+\s+%%EOF/.exec(tail.slice(Math.max(at, 0)));
  if (at < 0 || end === null) return [{ kind: 'modified', object: 0, what: 'truncated', pageIndex: null }];
  const rest = tail.slice(at + end[0].length);
  if (/^[\s\0]*$/.test(rest)) return [];
  return [{ kind: 'modified', object: 0, what: rest.includes('/ByteRange') ? 'signature-cut-off' : 'data-after-end', pageIndex: null }];
}
