import { asDict, isName, PdfDict, PdfRef, PdfStream, type PdfValue } from './objects.ts';
import { indexObjectStream } from './object-stream.ts';
import type { PdfParser } from './parser.ts';
import type { XrefEntry } from './xref.ts';

/**
 * How a damaged file was read, as qpdf, mutool, pdf.js and pdfsig read it: `startxref-corrected` when
 * the cross-reference section lay a few bytes from where startxref said, `xref-rebuilt` when it was
 * unusable and the objects were found by scanning the file for `N G obj`.
 */
export type PdfRepair = 'startxref-corrected' | 'xref-rebuilt';

export interface RepairSource {
  size: number;
  readBytes(offset: number, length: number): Buffer;
  withGrowingWindow<T>(offset: number, read: (parser: PdfParser) => T): T;
  readObjectAt(offset: number, expected?: PdfRef): PdfValue;
  decodedStreamData(stream: PdfStream): Uint8Array;
}

/** How far from the stated startxref a misplaced section is looked for: writers that miscount are off by a few bytes. */
const NEAR = 1024;
const MAX_NEAR_CANDIDATES = 16;

/**
 * Where a section might start near a startxref that points elsewhere, nearest first. One pointing past
 * the end is not a miscount but a file put together wrongly: that is left to the rebuild.
 */
export function sectionsNear(source: RepairSource, startxref: number | undefined): number[] {
  if (startxref === undefined || !Number.isSafeInteger(startxref) || startxref >= source.size) return [];
  const from = Math.max(0, startxref - NEAR);
  const text = source.readBytes(from, 2 * NEAR).toString('latin1');
  const found: number[] = [];
  for (const match of text.matchAll(/(?<![a-z])xref\b|(?<=\s)\d+\s+\d+\s+obj\b/g)) found.push(from + match.index);
  return found
    .filter((offset) => offset !== startxref)
    .sort((a, b) => Math.abs(a - startxref) - Math.abs(b - startxref))
    .slice(0, MAX_NEAR_CANDIDATES);
}

const SCAN_CHUNK = 1 << 20;
/** Longer than any object header or `trailer <<`, so one cut by a chunk boundary is whole in the chunk before. */
const SCAN_OVERLAP = 64;
const OBJECT_HEADER = /(?<=\s)(\d{1,10})\s+(\d{1,5})\s+obj\b/g;
const TRAILER = /(?<![a-z])trailer\s*<</g;

/** What scanning found: every object, and the trailers that might describe them, newest first. */
export interface ScannedObjects {
  entries: Map<number, XrefEntry>;
  trailers: PdfDict[];
}

/**
 * Rebuilds the cross-reference from the objects themselves, reading the file in chunks so memory stays
 * flat: the last definition of each object wins, as in an update appended later. The trailers are the
 * table trailers and cross-reference stream dictionaries found, then one made for each catalog found,
 * for when none of those names a catalog.
 */
export function rebuildByScanning(source: RepairSource): ScannedObjects {
  const { headers, trailerOffsets } = scan(source);
  const entries = new Map<number, XrefEntry>();
  const found: { offset: number; trailer: PdfDict }[] = [];
  for (const offset of trailerOffsets) {
    const trailer = readQuietly(() => source.withGrowingWindow(offset, (parser) => (parser.readWord(), parser.readValue())));
    if (trailer instanceof PdfDict) found.push({ offset, trailer });
  }
  const catalogs: PdfRef[] = [];
  for (const [num, { offset, gen }] of [...headers].sort((a, b) => a[1].offset - b[1].offset)) {
    const ref = new PdfRef(num, gen);
    const value = readQuietly(() => source.readObjectAt(offset, ref));
    if (value === undefined) continue;
    entries.set(num, { kind: 'offset', offset, gen });
    const type = asDict(value)?.get('Type');
    if (isName(type, 'Catalog')) catalogs.push(ref);
    if (value instanceof PdfStream && isName(type, 'XRef')) found.push({ offset, trailer: value.dict });
    if (value instanceof PdfStream && isName(type, 'ObjStm')) addCompressed(source, num, value, entries);
  }
  const trailers = found.sort((a, b) => b.offset - a.offset).map((f) => f.trailer);
  return { entries, trailers: [...trailers, ...catalogs.reverse().map((root) => new PdfDict([['Root', root]]))] };
}

function scan(source: RepairSource): { headers: Map<number, { offset: number; gen: number }>; trailerOffsets: number[] } {
  const headers = new Map<number, { offset: number; gen: number }>();
  const trailers = new Set<number>();
  for (let start = 0; start < source.size; start += SCAN_CHUNK) {
    const text = source.readBytes(start, SCAN_CHUNK + SCAN_OVERLAP).toString('latin1');
    for (const match of text.matchAll(OBJECT_HEADER)) {
      headers.set(Number(match[1]), { offset: start + match.index, gen: Number(match[2]) });
    }
    for (const match of text.matchAll(TRAILER)) trailers.add(start + match.index);
  }
  return { headers, trailerOffsets: [...trailers] };
}

/** Objects found only inside object streams; one defined directly keeps its own entry. */
function addCompressed(source: RepairSource, streamNum: number, stream: PdfStream, entries: Map<number, XrefEntry>): void {
  const data = readQuietly(() => source.decodedStreamData(stream));
  if (data === undefined) return;
  indexObjectStream(stream, data).nums.forEach((num, index) => {
    if (!entries.has(num)) entries.set(num, { kind: 'compressed', stream: streamNum, index });
  });
}

/** While rebuilding, a candidate that does not parse is text that only looked like an object. */
export function readQuietly<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
