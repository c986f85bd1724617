export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function isPng(file: Buffer): boolean {
  return file.subarray(0, 8).equals(PNG_SIGNATURE);
}

/** The chunks of a PNG (or of its first bytes) in file order; a chunk cut off by the end of `file` is not yielded. */
export function* pngChunks(file: Buffer): Generator<{ type: string; body: Buffer }> {
  for (let at = 8; at + 8 <= file.length;) {
    const length = file.readUInt32BE(at);
    if (at + 8 + length > file.length) return;
    yield { type: file.toString('latin1', at + 4, at + 8), body: file.subarray(at + 8, at + 8 + length) };
    at += 12 + length;
  }
}

/** Horizontal resolution from the pHYs chunk when it is given in metres (a scanner's dpi), else null. */
export function pngPixelsPerMetre(file: Buffer): number | null {
  for (const { type, body } of pngChunks(file)) {
    if (type === 'pHYs') return body[8] === 1 ? body.readUInt32BE(0) : null;
    if (type === 'IDAT') return null;
  }
  return null;
}
