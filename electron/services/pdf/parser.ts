import { AppError } from '../../../shared/errors.ts';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfValue } from './objects.ts';

/** Thrown when an object runs past the bytes read so far; the reader retries with a larger window. */
export class NeedMoreData extends Error {}

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
/** The same white-space characters, for stripping them from decoded text in one go. */
const WHITESPACE_PATTERN = new RegExp(`[${[...WHITESPACE].map((byte) => `\\x${byte.toString(16).padStart(2, '0')}`).join('')}]`, 'g');
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);
const isRegular = (byte: number): boolean => !WHITESPACE.has(byte) && !DELIMITERS.has(byte);

const ENDSTREAM = 'endstream';
const SEARCH_CHUNK = 1 << 20;

export type LengthResolver = (ref: PdfRef) => number | undefined;

export function corrupt(detail: string): AppError {
  return new AppError('PDF_CORRUPT', { detail });
}

/**
 * A recursive-descent reader over a window of the file. `base` is the window's offset in the file,
 * so streams can record where their data lies instead of copying it.
 */
export class PdfParser {
  position = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly base = 0,
    readonly atEndOfFile = true,
    private readonly resolveLength: LengthResolver = () => undefined,
    /** Reads bytes past the window, so a large stream's data never has to be loaded to be located. */
    private readonly readFile?: (offset: number, length: number) => Uint8Array,
  ) {}

  private peek(): number {
    const byte = this.bytes[this.position];
    return byte === undefined ? this.pastEnd() : byte;
  }

  private pastEnd(): never {
    throw this.atEndOfFile ? corrupt('unexpected end of file') : new NeedMoreData();
  }

  private next(): number {
    const byte = this.peek();
    this.position++;
    return byte;
  }

  skipWhitespace(): void {
    for (;;) {
      const byte = this.bytes[this.position];
      if (byte === undefined) return;
      if (WHITESPACE.has(byte)) this.position++;
      else if (byte === 0x25)
        while (this.position < this.bytes.length && this.bytes[this.position] !== 0x0a && this.bytes[this.position] !== 0x0d)
          this.position++;
      else return;
    }
  }

  /** The next bare word (keyword or number) without consuming it, or '' at a delimiter. */
  peekWord(): string {
    this.skipWhitespace();
    let end = this.position;
    while (end < this.bytes.length && isRegular(this.bytes[end] ?? 0)) end++;
    if (end === this.bytes.length && !this.atEndOfFile) throw new NeedMoreData();
    return Buffer.from(this.bytes.subarray(this.position, end)).toString('latin1');
  }

  readWord(): string {
    const word = this.peekWord();
    this.position += word.length;
    return word;
  }

  expectWord(expected: string): void {
    const word = this.readWord();
    if (word !== expected) throw corrupt(`expected ${expected}, found ${word.slice(0, 20) || 'delimiter'}`);
  }

  /** `num gen obj value [stream] endobj` at the current position. */
  readIndirectObject(): { ref: PdfRef; value: PdfValue } {
    const num = Number(this.readWord());
    const gen = Number(this.readWord());
    if (!Number.isInteger(num) || !Number.isInteger(gen)) throw corrupt('bad object header');
    this.expectWord('obj');
    const value = this.readValue();
    return { ref: new PdfRef(num, gen), value: this.peekWord() === 'stream' ? this.readStreamBody(value) : value };
  }

  readValue(): PdfValue {
    this.skipWhitespace();
    const byte = this.peek();
    switch (byte) {
      case 0x2f:
        return this.readName();
      case 0x28:
        return this.readLiteralString();
      case 0x5b:
        return this.readArray();
      case 0x3c:
        return this.bytes[this.position + 1] === 0x3c ? this.readDict() : this.readHexString();
      default:
        return this.readWordValue();
    }
  }

  private readWordValue(): PdfValue {
    const word = this.readWord();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    const number = Number(word);
    if (word === '' || Number.isNaN(number)) throw corrupt(`unexpected token ${word.slice(0, 20) || String.fromCharCode(this.peek())}`);
    if (Number.isInteger(number) && number >= 0) return this.maybeReference(number);
    return number;
  }

  private maybeReference(num: number): PdfValue {
    const saved = this.position;
    const gen = this.readWordSafely();
    if (gen !== undefined && /^\d+$/.test(gen) && this.readWordSafely() === 'R') return new PdfRef(num, Number(gen));
    this.position = saved;
    return num;
  }

  private readWordSafely(): string | undefined {
    try {
      return this.readWord();
    } catch (error) {
      if (error instanceof NeedMoreData) throw error;
      return undefined;
    }
  }

  private readName(): PdfName {
    this.position++;
    let end = this.position;
    while (end < this.bytes.length && isRegular(this.bytes[end] ?? 0)) end++;
    if (end === this.bytes.length && !this.atEndOfFile) throw new NeedMoreData();
    const raw = Buffer.from(this.bytes.subarray(this.position, end)).toString('latin1');
    this.position = end;
    const decoded = raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return new PdfName(Buffer.from(decoded, 'latin1').toString('utf8'));
  }

  private readLiteralString(): PdfString {
    this.position++;
    const out: number[] = [];
    let depth = 1;
    for (;;) {
      const byte = this.next();
      if (byte === 0x5c) {
        out.push(...this.readEscape());
        continue;
      }
      if (byte === 0x28) depth++;
      if (byte === 0x29 && --depth === 0) return new PdfString(Uint8Array.from(out));
      out.push(byte);
    }
  }

  private readEscape(): number[] {
    const byte = this.next();
    const simple: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };
    const mapped = simple[byte];
    if (mapped !== undefined) return [mapped];
    if (byte === 0x0d) {
      if (this.peek() === 0x0a) this.position++;
      return [];
    }
    if (byte === 0x0a) return [];
    if (byte >= 0x30 && byte <= 0x37) {
      let value = byte - 0x30;
      for (let i = 0; i < 2 && this.peek() >= 0x30 && this.peek() <= 0x37; i++) value = value * 8 + (this.next() - 0x30);
      return [value & 0xff];
    }
    return [byte];
  }

  /** A signature's /Contents is tens of kilobytes of hex: found and decoded in one go, not byte by byte. */
  private readHexString(): PdfString {
    const end = this.bytes.indexOf(0x3e, this.position + 1);
    if (end < 0) this.pastEnd();
    const text = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.position + 1, end - this.position - 1).toString('latin1');
    const hex = text.replace(WHITESPACE_PATTERN, '');
    this.position = end + 1;
    return new PdfString(Buffer.from(hex.length % 2 === 1 ? `${hex}0` : hex, 'hex'), true);
  }

  private readArray(): PdfValue[] {
    this.position++;
    const items: PdfValue[] = [];
    for (;;) {
      this.skipWhitespace();
      if (this.peek() === 0x5d) {
        this.position++;
        return items;
      }
      items.push(this.readValue());
    }
  }

  private readDict(): PdfDict {
    this.position += 2;
    const result = new PdfDict();
    for (;;) {
      this.skipWhitespace();
      if (this.peek() === 0x3e) {
        this.position++;
        if (this.next() !== 0x3e) throw corrupt('bad dictionary end');
        return result;
      }
      const key = this.readValue();
      if (!(key instanceof PdfName)) throw corrupt('dictionary key is not a name');
      result.set(key.name, this.readValue());
    }
  }

  private readStreamBody(value: PdfValue): PdfStream {
    if (!(value instanceof PdfDict)) throw corrupt('stream without dictionary');
    this.expectWord('stream');
    if (this.peek() === 0x0d) this.position++;
    if (this.peek() === 0x0a) this.position++;
    const start = this.position;
    const declared = value.get('Length');
    const length = declared instanceof PdfRef ? this.resolveLength(declared) : typeof declared === 'number' ? declared : undefined;
    // Nothing after the data matters to a reader, so the parse ends here without consuming `endstream`.
    if (length !== undefined && Number.isSafeInteger(length) && length >= 0 && this.hasEndstreamAt(start + length)) {
      return new PdfStream(value, { offset: this.base + start, length });
    }
    // A wrong /Length is common and readers look for `endstream` instead; only when there is none is the length to blame.
    const found = this.findEndstream(start);
    if (found === undefined) {
      const pastEnd = length !== undefined && this.atEndOfFile && start + length > this.bytes.length;
      throw pastEnd ? new AppError('PDF_LENGTH_INVALID', { length }) : corrupt('stream without endstream');
    }
    return new PdfStream(value, { offset: this.base + start, length: this.withoutTrailingEol(start, found) - start });
  }

  private hasEndstreamAt(position: number): boolean {
    if (position + 20 > this.bytes.length && this.readFile !== undefined) {
      const probe = Buffer.from(this.readFile(this.base + position, 20)).toString('latin1');
      return /^\s*endstream/.test(probe);
    }
    if (position > this.bytes.length && !this.atEndOfFile) throw new NeedMoreData();
    const saved = this.position;
    this.position = position;
    try {
      return this.peekWord() === 'endstream';
    } catch (error) {
      if (error instanceof NeedMoreData) throw error;
      return false;
    } finally {
      this.position = saved;
    }
  }

  /**
   * Where `endstream` starts, relative to the window. Past the window it is searched in the file chunk by
   * chunk, so a large stream with a wrong length is located without loading it.
   */
  private findEndstream(start: number): number | undefined {
    const window = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length);
    const at = window.indexOf('endstream', start, 'latin1');
    if (at >= 0) return at;
    if (this.atEndOfFile) return undefined;
    if (this.readFile === undefined) throw new NeedMoreData();
    for (let from = Math.max(start, this.bytes.length - ENDSTREAM.length); ; from += SEARCH_CHUNK) {
      const chunk = Buffer.from(this.readFile(this.base + from, SEARCH_CHUNK + ENDSTREAM.length));
      const found = chunk.indexOf(ENDSTREAM, 0, 'latin1');
      if (found >= 0) return from + found;
      if (chunk.length < SEARCH_CHUNK + ENDSTREAM.length) return undefined;
    }
  }

  private withoutTrailingEol(start: number, end: number): number {
    let e = end;
    if (e > start && this.byteAt(e - 1) === 0x0a) e--;
    if (e > start && this.byteAt(e - 1) === 0x0d) e--;
    return e;
  }

  private byteAt(position: number): number | undefined {
    return this.bytes[position] ?? this.readFile?.(this.base + position, 1)[0];
  }
}
