/** DER tag and length octets for a value of `length` bytes: what lets an envelope stream without buffering. */
export function derHeader(tag: number, length: number): Buffer {
  if (length < 0x80) return Buffer.from([tag, length]);
  const octets = base256(length);
  return Buffer.from([tag, 0x80 | octets.length, ...octets]);
}

/** A non-negative number's octets, most significant first; none for 0. */
function base256(value: number): number[] {
  const octets: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return octets;
}

/** A constructed or primitive DER value around already-encoded content. */
export function derValue(tag: number, ...content: Uint8Array[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([derHeader(tag, body.length), body]);
}

export const DER_TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
  contextConstructed0: 0xa0,
  contextConstructed1: 0xa1,
  contextConstructed2: 0xa2,
  contextConstructed3: 0xa3,
  contextConstructed4: 0xa4,
  contextPrimitive0: 0x80,
} as const;

/** A SET OF in DER order (X.690 §11.6: elements sorted as octet strings), so the same content always encodes alike. */
export function derSetOf(...elements: Uint8Array[]): Buffer {
  return derValue(DER_TAG.set, ...[...elements].sort((a, b) => Buffer.compare(a, b)));
}

const encodedOids = new Map<string, Buffer>();

/** An OBJECT IDENTIFIER from its dotted form. */
export function derOid(dotted: string): Buffer {
  let encoded = encodedOids.get(dotted);
  if (encoded === undefined) {
    const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
    const octets = [first * 40 + second, ...rest.flatMap(base128)];
    encodedOids.set(dotted, (encoded = derValue(DER_TAG.oid, Buffer.from(octets))));
  }
  return encoded;
}

function base128(arc: number): number[] {
  const octets = [arc % 128];
  for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) octets.unshift(0x80 | (rest % 128));
  return octets;
}

/** A non-negative INTEGER that fits a JavaScript safe integer. */
export function derInteger(value: number): Buffer {
  const octets = base256(value);
  if (octets.length === 0 || (octets[0] ?? 0) >= 0x80) octets.unshift(0);
  return derValue(DER_TAG.integer, Buffer.from(octets));
}

/** RFC 5652 §11.3 / RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, to the second, in UTC. */
export function derTime(date: Date): Buffer {
  const digits = date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:T]/g, '');
  const utc = date.getUTCFullYear() < 2050;
  return derValue(utc ? DER_TAG.utcTime : DER_TAG.generalizedTime, Buffer.from(utc ? digits.slice(2) : digits, 'latin1'));
}

export interface DerHeader {
  offset: number;
  tag: number;
  /** Where the value starts. */
  start: number;
  length: number;
}

/**
 * The tag and definite length at `offset`, read without needing the value's bytes (so a huge value
 * can be streamed). Undefined when the header is truncated or not a definite length we handle.
 */
export function readDerHeader(bytes: Uint8Array, offset: number): DerHeader | undefined {
  const tag = bytes[offset];
  const first = bytes[offset + 1];
  if (tag === undefined || first === undefined) return undefined;
  if (first < 0x80) return { offset, tag, start: offset + 2, length: first };
  const count = first & 0x7f;
  if (count === 0 || count > 6 || offset + 2 + count > bytes.length) return undefined;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + (bytes[offset + 2 + i] ?? 0);
  return { offset, tag, start: offset + 2 + count, length };
}

/** The values inside `parent` when it has the expected tag, is all there and they fill it exactly; undefined otherwise. */
export function childrenOf(der: Uint8Array, parent: DerHeader | undefined, tag: number): DerHeader[] | undefined {
  if (parent?.tag !== tag) return undefined;
  const end = parent.start + parent.length;
  if (end > der.length) return undefined;
  const children: DerHeader[] = [];
  for (let at = parent.start; at < end;) {
    const child = readDerHeader(der, at);
    if (child === undefined || child.start + child.length > end) return undefined;
    children.push(child);
    at = child.start + child.length;
  }
  return children;
}

/** A value's whole encoding: header and content. */
export function whole(der: Uint8Array, header: DerHeader): Uint8Array {
  return der.subarray(header.offset, header.start + header.length);
}

/** A value's content octets, without its header. */
export function contentOf(der: Uint8Array, header: DerHeader): Uint8Array {
  return der.subarray(header.start, header.start + header.length);
}

/** The dotted form of the OBJECT IDENTIFIER at `header`. */
export function readOid(der: Uint8Array, header: DerHeader): string {
  if (header.tag !== DER_TAG.oid || header.length === 0) throw new Error('not an OBJECT IDENTIFIER');
  const arcs: number[] = [];
  let arc = 0;
  for (let at = header.start; at < header.start + header.length; at++) {
    const octet = der[at] ?? 0;
    arc = arc * 128 + (octet & 0x7f);
    if (octet & 0x80) continue;
    arcs.push(arc);
    arc = 0;
  }
  const [first = 0, ...rest] = arcs;
  const top = Math.min(2, Math.floor(first / 40));
  return [top, first - top * 40, ...rest].join('.');
}

/** The instant a UTCTime or GeneralizedTime at `header` names (to the second, UTC, as DER has it). */
export function readTime(der: Uint8Array, header: DerHeader): Date {
  const utc = header.tag === DER_TAG.utcTime;
  if (!utc && header.tag !== DER_TAG.generalizedTime) throw new Error('not a time');
  const text = Buffer.from(contentOf(der, header)).toString('latin1');
  const match = (utc ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/ : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d+)?Z$/).exec(
    text,
  );
  if (match === null) throw new Error('not a DER time');
  const [, year = '', month, day, hour, minute, second, fraction = '0'] = match;
  const fullYear = utc ? (Number(year) < 50 ? 2000 : 1900) + Number(year) : Number(year);
  const milliseconds = Math.round(Number(`0${fraction}`) * 1000);
  return new Date(Date.UTC(fullYear, Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), milliseconds));
}
