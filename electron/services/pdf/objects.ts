/** The PDF object model (ISO 32000-2 §7.3), just enough to read structure and write increments. */
export class PdfName {
  constructor(readonly name: string) {}
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
  get key(): string {
    return `${this.num} ${this.gen}`;
  }
}

export class PdfString {
  constructor(
    readonly bytes: Uint8Array,
    readonly hex = false,
  ) {}
  static text(value: string): PdfString {
    // UTF-16BE with BOM: the text-string encoding that carries Chinese (§7.9.2.2).
    const body = Buffer.from(value, 'utf16le').swap16();
    return new PdfString(Buffer.concat([Buffer.from([0xfe, 0xff]), body]), true);
  }
  toText(): string {
    const b = Buffer.from(this.bytes);
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2)).swap16().toString('utf16le');
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
    return b.toString('latin1');
  }
}

export class PdfDict {
  readonly entries: Map<string, PdfValue>;
  constructor(entries?: Iterable<readonly [string, PdfValue]>) {
    this.entries = new Map(entries);
  }
  get(key: string): PdfValue | undefined {
    return this.entries.get(key);
  }
  set(key: string, value: PdfValue): this {
    this.entries.set(key, value);
    return this;
  }
  clone(): PdfDict {
    return new PdfDict(this.entries);
  }
}

/** A stream read from a file keeps its position; one built for writing carries its bytes. */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly source: { offset: number; length: number } | { data: Uint8Array },
  ) {}
}

/** Bytes a writer lays out itself (signature placeholders); never produced by the parser. */
export class PdfRaw {
  constructor(readonly text: string) {}
}

export type PdfValue = null | boolean | number | PdfName | PdfRef | PdfString | PdfDict | PdfStream | PdfRaw | PdfValue[];

export const name = (value: string): PdfName => new PdfName(value);
export const dict = (entries: Record<string, PdfValue>): PdfDict => new PdfDict(Object.entries(entries));

export function isName(value: PdfValue | undefined, expected?: string): value is PdfName {
  return value instanceof PdfName && (expected === undefined || value.name === expected);
}

export function asNumber(value: PdfValue | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

export function asArray(value: PdfValue | undefined): PdfValue[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function asDict(value: PdfValue | undefined): PdfDict | undefined {
  if (value instanceof PdfDict) return value;
  if (value instanceof PdfStream) return value.dict;
  return undefined;
}
