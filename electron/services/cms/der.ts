/** DER tag and length octets for a value of `length` bytes: what lets an envelope stream without buffering. */
export function derHeader(tag: number, length: number): Buffer {
  if (length < 0x80) return Buffer.from([tag, length]);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Buffer.from([tag, 0x80 | octets.length, ...octets]);
}

/** A constructed or primitive DER value around already-encoded content. */
export function derValue(tag: number, ...content: Uint8Array[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([derHeader(tag, body.length), body]);
}

export const DER_TAG = {
  integer: 0x02,
  octetString: 0x04,
  sequence: 0x30,
  set: 0x31,
  contextConstructed0: 0xa0,
  contextPrimitive0: 0x80,
} as const;

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
