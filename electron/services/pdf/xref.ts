import { AppError } from '../../../shared/errors.ts';
import { asArray, asNumber, isName, PdfDict, PdfStream, type PdfValue } from './objects.ts';
import type { PdfParser } from './parser.ts';
import { corrupt } from './parser.ts';

export type XrefEntry =
  { kind: 'free' } | { kind: 'offset'; offset: number; gen: number } | { kind: 'compressed'; stream: number; index: number };

/** One cross-reference section: what one revision (original file or incremental update) defined. */
export interface XrefSection {
  /** Where the section starts: `xref` keyword or the xref stream object. */
  offset: number;
  kind: 'table' | 'stream';
  trailer: PdfDict;
  entries: Map<number, XrefEntry>;
}

export interface XrefSource {
  size: number;
  /** Parses from `offset` in a window that grows until `read` finds all it needs, however long the table. */
  withGrowingWindow<T>(offset: number, read: (parser: PdfParser) => T): T;
  readObjectAt(offset: number): PdfValue;
  decodedStreamData(stream: PdfStream): Uint8Array;
}

const MAX_SECTIONS = 10_000;

/** Reads the chain of sections newest first, following /Prev (and /XRefStm in hybrid files). */
export function readXrefChain(source: XrefSource, startxref: number): XrefSection[] {
  const sections: XrefSection[] = [];
  const seen = new Set<number>();
  let offset: number | undefined = startxref;
  while (offset !== undefined) {
    if (seen.has(offset) || sections.length > MAX_SECTIONS) throw corrupt('cross-reference loop');
    if (!Number.isSafeInteger(offset) || offset < 0 || offset >= source.size)
      throw new AppError('PDF_XREF_OUTSIDE_FILE', { offset, size: source.size });
    seen.add(offset);
    const section = readSection(source, offset);
    sections.push(section);
    offset = asNumber(section.trailer.get('Prev'));
  }
  return sections;
}

function readSection(source: XrefSource, offset: number): XrefSection {
  const isTable = source.withGrowingWindow(offset, (parser) => parser.peekWord() === 'xref');
  return isTable ? readTable(source, offset) : readStreamSection(source, offset);
}

/** A classic table (§7.5.4): a 300-page document's runs to tens of kilobytes, so its window grows as needed. */
function readTable(source: XrefSource, offset: number): XrefSection {
  const { entries, trailer } = source.withGrowingWindow(offset, (parser) => {
    parser.readWord();
    const entries = new Map<number, XrefEntry>();
    while (parser.peekWord() !== 'trailer') readSubsection(parser, entries);
    parser.readWord();
    return { entries, trailer: parser.readValue() };
  });
  if (!(trailer instanceof PdfDict)) throw corrupt('trailer is not a dictionary');
  const hybrid = asNumber(trailer.get('XRefStm'));
  if (hybrid !== undefined) {
    for (const [num, entry] of readStreamSection(source, hybrid).entries) if (!entries.has(num)) entries.set(num, entry);
  }
  return { offset, kind: 'table', trailer, entries };
}

function readSubsection(parser: PdfParser, entries: Map<number, XrefEntry>): void {
  const [firstWord, countWord] = [parser.readWord(), parser.readWord()];
  // Every pass must consume input: a delimiter here would otherwise read as 0 0 forever.
  if (!/^\d+$/.test(firstWord) || !/^\d+$/.test(countWord)) throw corrupt('bad cross-reference subsection');
  const [first, count] = [Number(firstWord), Number(countWord)];
  for (let i = 0; i < count; i++) {
    const [position, gen, type] = [parser.readWord(), parser.readWord(), parser.readWord()];
    // A count larger than the rows that follow must end here, not loop over empty words.
    if (!/^\d+$/.test(position) || !/^\d+$/.test(gen) || (type !== 'n' && type !== 'f')) throw corrupt('bad cross-reference entry');
    setOnce(entries, first + i, type === 'n' ? { kind: 'offset', offset: Number(position), gen: Number(gen) } : { kind: 'free' });
  }
}

/**
 * One section says where each object is once: readers differ on which of two different rows for one object
 * wins (the first, the last), so a signed file could show one and verify the other. Such a section is damage.
 */
function setOnce(entries: Map<number, XrefEntry>, num: number, entry: XrefEntry): void {
  const earlier = entries.get(num);
  if (earlier !== undefined && JSON.stringify(earlier) !== JSON.stringify(entry)) throw corrupt(`object ${num} listed twice`);
  entries.set(num, entry);
}

function readStreamSection(source: XrefSource, offset: number): XrefSection {
  const stream = source.readObjectAt(offset);
  if (!(stream instanceof PdfStream) || !isName(stream.dict.get('Type'), 'XRef'))
    throw corrupt('startxref does not point to a cross-reference');
  const data = source.decodedStreamData(stream);
  const widths = (asArray(stream.dict.get('W')) ?? []).map((w) => asNumber(w) ?? 0);
  const [w0 = 0, w1 = 0, w2 = 0] = widths;
  const rowLength = w0 + w1 + w2;
  const size = asNumber(stream.dict.get('Size')) ?? 0;
  const index = (asArray(stream.dict.get('Index')) ?? [0, size]).map((v) => asNumber(v) ?? 0);
  if (rowLength === 0) throw corrupt('bad cross-reference stream widths');
  const entries = new Map<number, XrefEntry>();
  let row = 0;
  for (let i = 0; i + 1 < index.length; i += 2) {
    const first = index[i] ?? 0;
    for (let n = 0; n < (index[i + 1] ?? 0); n++, row++) {
      if ((row + 1) * rowLength > data.length) throw corrupt('cross-reference stream too short');
      const field = (start: number, width: number): number => readBigEndian(data, row * rowLength + start, width);
      const type = w0 === 0 ? 1 : field(0, w0);
      const a = field(w0, w1);
      const b = field(w0 + w1, w2);
      setOnce(
        entries,
        first + n,
        type === 1 ? { kind: 'offset', offset: a, gen: b } : type === 2 ? { kind: 'compressed', stream: a, index: b } : { kind: 'free' },
      );
    }
  }
  return { offset, kind: 'stream', trailer: stream.dict, entries };
}

function readBigEndian(data: Uint8Array, start: number, width: number): number {
  let value = 0;
  for (let i = 0; i < width; i++) value = value * 256 + (data[start + i] ?? 0);
  return value;
}
