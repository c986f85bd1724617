import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { AppError } from '../../../shared/errors.ts';
import { decodeStreamData } from './filters.ts';
import { asDict, asNumber, PdfDict, PdfRef, PdfStream, type PdfValue } from './objects.ts';
import { corrupt, NeedMoreData, PdfParser } from './parser.ts';
import { readXrefChain, type XrefEntry, type XrefSection } from './xref.ts';

const FIRST_WINDOW = 4096;
const TAIL_WINDOW = 2048;

/**
 * A PDF opened for reading its structure: cross-reference chain, trailer, objects on demand.
 * Nothing but the objects asked for is read, so a 200 MB file costs what its structure costs.
 */
export class PdfDocument {
  readonly sections: XrefSection[];
  readonly startxref: number;
  private readonly merged = new Map<number, XrefEntry>();
  private readonly objectStreams = new Map<number, { offsets: number[]; data: Uint8Array; first: number }>();

  private constructor(
    readonly path: string,
    private readonly fd: number,
    readonly size: number,
  ) {
    this.startxref = findStartxref(this.readBytes(Math.max(0, size - TAIL_WINDOW), Math.min(size, TAIL_WINDOW)));
    this.sections = readXrefChain(this, this.startxref);
    for (const section of this.sections) for (const [num, entry] of section.entries) if (!this.merged.has(num)) this.merged.set(num, entry);
  }

  static open(path: string): PdfDocument {
    const { fd, size } = openPdfFile(path);
    try {
      const document = new PdfDocument(path, fd, size);
      if (document.trailer.get('Encrypt') !== undefined) throw new AppError('PDF_ENCRYPTED', { path });
      if (!(document.resolve(document.trailer.get('Root')) instanceof PdfDict)) throw corrupt('no document catalog');
      return document;
    } catch (error) {
      closeSync(fd);
      throw error instanceof AppError ? error : new AppError('PDF_CORRUPT', { detail: 'unreadable structure' }, { cause: error });
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  get trailer(): PdfDict {
    const newest = this.sections[0];
    if (newest === undefined) throw corrupt('no trailer');
    return newest.trailer;
  }

  get catalogRef(): PdfRef {
    const root = this.trailer.get('Root');
    if (!(root instanceof PdfRef)) throw corrupt('no document catalog');
    return root;
  }

  get catalog(): PdfDict {
    return this.dictAt(this.catalogRef);
  }

  /** The next free object number for an incremental update. */
  get nextObjectNumber(): number {
    const declared = asNumber(this.trailer.get('Size')) ?? 0;
    return Math.max(declared, ...[...this.merged.keys()].map((n) => n + 1));
  }

  readBytes(offset: number, length: number): Buffer {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0) throw corrupt('position outside the file');
    const buffer = Buffer.alloc(Math.max(0, Math.min(length, this.size - offset)));
    readSync(this.fd, buffer, 0, buffer.length, offset);
    return buffer;
  }

  parseAt(offset: number, windowSize = FIRST_WINDOW): PdfParser {
    const window = this.readBytes(offset, windowSize);
    return new PdfParser(
      window,
      offset,
      offset + window.length >= this.size,
      (ref) => asNumber(this.resolve(ref)),
      (o, l) => this.readBytes(o, l),
    );
  }

  readObjectAt(offset: number): PdfValue {
    return this.withGrowingWindow(offset, (parser) => parser.readIndirectObject().value);
  }

  readStreamData(stream: PdfStream): Uint8Array {
    if ('data' in stream.source) return stream.source.data;
    return this.readBytes(stream.source.offset, stream.source.length);
  }

  decodedStreamData(stream: PdfStream): Uint8Array {
    return decodeStreamData(stream.dict, this.readStreamData(stream));
  }

  /** Follows a reference to its current value (the newest revision's); other values pass through. */
  resolve(value: PdfValue | undefined): PdfValue | undefined {
    if (!(value instanceof PdfRef)) return value;
    return this.objectFromEntry(this.merged.get(value.num), value);
  }

  /** The value as a given revision saw it: `sectionIndex` counts from the newest (0). */
  resolveAsOf(ref: PdfRef, sectionIndex: number): PdfValue | undefined {
    for (const section of this.sections.slice(sectionIndex)) {
      const entry = section.entries.get(ref.num);
      if (entry !== undefined) return this.objectFromEntry(entry, ref);
    }
    return undefined;
  }

  /** Where the newest revision keeps object `num`. */
  entryOf(num: number): XrefEntry | undefined {
    return this.merged.get(num);
  }

  dictAt(ref: PdfRef): PdfDict {
    const value = asDict(this.resolve(ref));
    if (value === undefined) throw corrupt(`object ${ref.num} is not a dictionary`);
    return value;
  }

  private objectFromEntry(entry: XrefEntry | undefined, ref: PdfRef): PdfValue | undefined {
    if (entry === undefined || entry.kind === 'free') return null;
    if (entry.kind === 'offset') return this.readObjectAt(entry.offset);
    return this.compressedObject(entry.stream, entry.index, ref);
  }

  private compressedObject(streamNum: number, index: number, ref: PdfRef): PdfValue {
    let cached = this.objectStreams.get(streamNum);
    if (cached === undefined) {
      const stream = this.resolve(new PdfRef(streamNum, 0));
      if (!(stream instanceof PdfStream)) throw corrupt(`object stream ${streamNum} missing`);
      const data = this.decodedStreamData(stream);
      const count = asNumber(stream.dict.get('N')) ?? 0;
      const header = new PdfParser(data);
      const offsets: number[] = [];
      for (let i = 0; i < count; i++) {
        header.readWord();
        offsets.push(Number(header.readWord()));
      }
      cached = { offsets, data, first: asNumber(stream.dict.get('First')) ?? 0 };
      this.objectStreams.set(streamNum, cached);
    }
    const offset = cached.offsets[index];
    if (offset === undefined) throw corrupt(`object ${ref.num} missing from its object stream`);
    const parser = new PdfParser(cached.data);
    parser.position = cached.first + offset;
    return parser.readValue();
  }

  private withGrowingWindow<T>(offset: number, read: (parser: PdfParser) => T): T {
    for (let windowSize = FIRST_WINDOW; ; windowSize *= 4) {
      try {
        return read(this.parseAt(offset, windowSize));
      } catch (error) {
        if (!(error instanceof NeedMoreData) || offset + windowSize >= this.size) throw error;
      }
    }
  }
}

/** Opens a file that at least starts like a PDF; the caller closes the descriptor. */
export function openPdfFile(path: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new AppError('FILE_NOT_FOUND', { path }, { cause: error });
  }
  const size = fstatSync(fd).size;
  const head = Buffer.alloc(Math.min(1024, size));
  readSync(fd, head, 0, head.length, 0);
  if (!head.includes('%PDF-')) {
    closeSync(fd);
    throw new AppError('PDF_NOT_PDF', { path });
  }
  return { fd, size };
}

function findStartxref(tail: Buffer): number {
  const at = tail.lastIndexOf('startxref');
  if (at < 0) throw corrupt('no startxref');
  const match = /^startxref\s+(\d+)/.exec(tail.subarray(at).toString('latin1'));
  if (match?.[1] === undefined) throw corrupt('bad startxref');
  return Number(match[1]);
}
