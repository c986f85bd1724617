import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { AppError } from '../../../shared/errors.ts';
import type { PdfDamage } from '../../../shared/model/pdf-damage.ts';
import { decodeStreamData } from './filters.ts';
import { indexObjectStream, type ObjectStreamIndex } from './object-stream.ts';
import { asDict, asNumber, PdfDict, PdfRef, PdfStream, type PdfValue } from './objects.ts';
import { corrupt, NeedMoreData, PdfParser } from './parser.ts';
import { rebuildByScanning, sectionsNear, type PdfRepair } from './repair.ts';
import { readXrefChain, type XrefEntry, type XrefSection } from './xref.ts';

const FIRST_WINDOW = 4096;
const TAIL_WINDOW = 2048;
const OBJECT_HEADER_PROBE = 40;

/** The cross-reference as read: the sections newest first, where the newest starts, any repair it took and why. */
interface Structure {
  sections: XrefSection[];
  startxref: number;
  repair: PdfRepair | null;
  damage: PdfDamage[];
}

/** Failures that mean the cross-reference cannot be trusted, so the next way of reading it is tried. */
const XREF_DAMAGE = new Set(['PDF_CORRUPT', 'PDF_XREF_OUTSIDE_FILE', 'PDF_LENGTH_INVALID', 'PDF_REFERENCE_CYCLE']);

/**
 * A PDF opened for reading its structure: cross-reference chain, trailer, objects on demand.
 * Nothing but the objects asked for is read, so a 200 MB file costs what its structure costs.
 */
export class PdfDocument {
  private structure: Structure = { sections: [], startxref: 0, repair: null, damage: [] };
  /** The first stream read whose declared length runs past the end of the file: what shifted a table's offsets. */
  private lengthPastEnd: PdfDamage | undefined;
  private readonly merged = new Map<number, XrefEntry>();
  private readonly objectStreams = new Map<number, ObjectStreamIndex>();
  /** Objects being read: meeting one again (a /Length or object stream that leads back to itself) is a cycle. */
  private readonly reading = new Set<number>();

  private constructor(
    readonly path: string,
    private readonly fd: number,
    readonly size: number,
  ) {
    this.readStructure(findStartxref(this.readBytes(Math.max(0, size - TAIL_WINDOW), Math.min(size, TAIL_WINDOW))));
  }

  /** Strictly first; then a section a few bytes from where startxref points; then objects found by scanning. */
  private readStructure(startxref: number | undefined): void {
    let damage: AppError;
    try {
      this.adopt({ sections: readXrefChain(this, startxref ?? -1), startxref: startxref ?? -1, repair: null, damage: [] });
      return;
    } catch (error) {
      damage = asXrefDamage(error);
    }
    for (const near of sectionsNear(this, startxref)) {
      const found = (): Structure => ({ sections: readXrefChain(this, near), startxref: near, repair: 'startxref-corrected', damage: [] });
      if (this.tryAdopt(found)) return;
    }
    const scanned = rebuildByScanning(this);
    for (const trailer of scanned.trailers) {
      const section: XrefSection = { offset: 0, kind: 'table', trailer, entries: scanned.entries };
      const why = [...(this.lengthPastEnd === undefined ? [] : [this.lengthPastEnd]), damageOf(damage)];
      if (this.tryAdopt(() => ({ sections: [section], startxref: 0, repair: 'xref-rebuilt', damage: why }))) return;
    }
    throw damage;
  }

  private tryAdopt(read: () => Structure): boolean {
    try {
      this.adopt(read());
      return true;
    } catch (error) {
      asXrefDamage(error);
      return false;
    }
  }

  /** Takes a way of reading the file once it leads to a catalog; an encrypted file stops every attempt. */
  private adopt(structure: Structure): void {
    this.structure = structure;
    this.merged.clear();
    this.objectStreams.clear();
    for (const section of structure.sections)
      for (const [num, entry] of section.entries) if (!this.merged.has(num)) this.merged.set(num, entry);
    if (this.trailer.get('Encrypt') !== undefined) throw new AppError('PDF_ENCRYPTED', { path: this.path });
    if (!(this.resolve(this.trailer.get('Root')) instanceof PdfDict)) throw corrupt('no document catalog');
    this.checkOffsets();
  }

  /**
   * Every object where the cross-reference says, checked by its header alone (a few bytes each): a table
   * that is off is found now, while there is still a better way to read the file, not halfway through a seal.
   */
  private checkOffsets(): void {
    for (const [num, entry] of this.merged) {
      if (entry.kind !== 'offset' || entry.offset === 0) continue;
      const header = this.readBytes(entry.offset, OBJECT_HEADER_PROBE).toString('latin1');
      const match = /^\s*(\d+)\s+\d+\s+obj\b/.exec(header);
      if (Number(match?.[1]) !== num) throw misplaced(num);
    }
  }

  get sections(): XrefSection[] {
    return this.structure.sections;
  }

  /** Where the newest section starts, as found: the /Prev of an update appended to this file. */
  get startxref(): number {
    return this.structure.startxref;
  }

  /** How a damaged file was read, or null when its cross-reference was sound. */
  get repair(): PdfRepair | null {
    return this.structure.repair;
  }

  /** Why the cross-reference had to be rebuilt; empty when it did not. */
  get damage(): readonly PdfDamage[] {
    return this.structure.damage;
  }

  static open(path: string): PdfDocument {
    const { fd, size } = openPdfFile(path);
    try {
      return new PdfDocument(path, fd, size);
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
    let next = asNumber(this.trailer.get('Size')) ?? 0;
    // A loop, not Math.max(...keys): spreading a large file's hundred thousand objects overflows the stack.
    for (const num of this.merged.keys()) if (num >= next) next = num + 1;
    return next;
  }

  /** Every object the newest revision has in use, as references. */
  liveObjects(): PdfRef[] {
    const refs: PdfRef[] = [];
    for (const [num, entry] of [...this.merged].sort((a, b) => a[0] - b[0])) {
      if (entry.kind === 'compressed') refs.push(new PdfRef(num, 0));
      else if (entry.kind === 'offset' && entry.offset > 0) refs.push(new PdfRef(num, entry.gen));
    }
    return refs;
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
      // A length that leads back to the stream being read is no length: the data then ends at `endstream`.
      (ref) => (this.reading.has(ref.num) ? undefined : asNumber(this.resolve(ref))),
      (o, l) => this.readBytes(o, l),
    );
  }

  /** The object at `offset`; given `expected`, one with another number there means the offset is wrong. */
  readObjectAt(offset: number, expected?: PdfRef): PdfValue {
    if (offset < 0 || offset >= this.size) throw new AppError('PDF_XREF_OUTSIDE_FILE', { offset, size: this.size });
    const { ref, value } = this.withGrowingWindow(offset, (parser) => parser.readIndirectObject());
    if (expected !== undefined && ref.num !== expected.num) throw misplaced(expected.num);
    if (value instanceof PdfStream) this.noteLengthPastEnd(ref.num, value);
    return value;
  }

  private noteLengthPastEnd(num: number, stream: PdfStream): void {
    const declared = stream.dict.get('Length');
    if (this.lengthPastEnd !== undefined || typeof declared !== 'number' || !('offset' in stream.source)) return;
    if (stream.source.offset + declared > this.size) this.lengthPastEnd = { kind: 'length-past-end', object: num, length: declared };
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
    // Offset 0 is the header, never an object: some writers mark missing objects in use there, and readers take them as free.
    if (entry === undefined || entry.kind === 'free' || (entry.kind === 'offset' && entry.offset === 0)) return null;
    if (this.reading.has(ref.num)) throw new AppError('PDF_REFERENCE_CYCLE', { object: ref.num });
    this.reading.add(ref.num);
    try {
      if (entry.kind === 'offset') return this.readObjectAt(entry.offset, ref);
      return this.compressedObject(entry.stream, entry.index, ref);
    } finally {
      this.reading.delete(ref.num);
    }
  }

  private compressedObject(streamNum: number, index: number, ref: PdfRef): PdfValue {
    let cached = this.objectStreams.get(streamNum);
    if (cached === undefined) {
      const stream = this.resolve(new PdfRef(streamNum, 0));
      if (!(stream instanceof PdfStream)) throw corrupt(`object stream ${streamNum} missing`);
      cached = indexObjectStream(stream, this.decodedStreamData(stream));
      this.objectStreams.set(streamNum, cached);
    }
    const offset = cached.offsets[index];
    if (offset === undefined) throw corrupt(`object ${ref.num} missing from its object stream`);
    const parser = new PdfParser(cached.data);
    parser.position = cached.first + offset;
    return parser.readValue();
  }

  withGrowingWindow<T>(offset: number, read: (parser: PdfParser) => T): T {
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
  if (size === 0) {
    closeSync(fd);
    throw new AppError('PDF_EMPTY', { path });
  }
  const head = Buffer.alloc(Math.min(1024, size));
  readSync(fd, head, 0, head.length, 0);
  if (!head.includes('%PDF-')) {
    closeSync(fd);
    throw new AppError('PDF_NOT_PDF', { path });
  }
  return { fd, size };
}

/** The offset the file's last startxref states, undefined when unreadable (the cross-reference is then found otherwise). */
function findStartxref(tail: Buffer): number | undefined {
  const at = tail.lastIndexOf('startxref');
  // Neither end marker in the last bytes: the file stops before its end, as a copy or download cut short does.
  if (at < 0 && !tail.includes('%%EOF')) throw new AppError('PDF_TRUNCATED');
  const match = /^startxref\s+(\d+)/.exec(tail.subarray(Math.max(at, 0)).toString('latin1'));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The damage a failed attempt at the cross-reference found; any other failure (encryption, a bug) stops the attempts. */
function misplaced(num: number): AppError {
  return new AppError('PDF_CORRUPT', { detail: `object ${num} is not where the cross-reference says`, misplaced: num });
}

/** What the strict read's failure says is damaged, in terms the user is shown. */
function damageOf(error: AppError): PdfDamage {
  const { offset, size, object, misplaced } = error.params;
  if (error.code === 'PDF_XREF_OUTSIDE_FILE' && typeof offset === 'number' && typeof size === 'number')
    return { kind: 'xref-outside-file', offset, size };
  if (error.code === 'PDF_REFERENCE_CYCLE' && typeof object === 'number') return { kind: 'reference-cycle', object };
  if (typeof misplaced === 'number') return { kind: 'object-misplaced', object: misplaced };
  return { kind: 'xref-unusable' };
}

function asXrefDamage(error: unknown): AppError {
  if (error instanceof AppError) {
    if (XREF_DAMAGE.has(error.code)) return error;
    throw error;
  }
  if (error instanceof NeedMoreData || error instanceof RangeError) return corrupt('unreadable structure');
  throw error;
}
