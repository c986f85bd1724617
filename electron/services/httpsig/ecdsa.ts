/** ECDSA signatures as HTTP signatures carry them (IEEE P1363: r‖s, fixed width) from the DER SEQUENCE a Signer returns. */
export function ecdsaDerToRaw(der: Uint8Array, size: number): Uint8Array {
  const bytes = Buffer.from(der);
  let at = 2 + (bytes[1] === 0x81 ? 1 : 0);
  const out = Buffer.alloc(size * 2);
  for (const half of [0, 1]) {
    const length = bytes[at + 1] ?? 0;
    const value = bytes.subarray(at + 2, at + 2 + length);
    const trimmed = value.subarray(Math.max(0, value.length - size));
    trimmed.copy(out, half * size + (size - trimmed.length));
    at += 2 + length;
  }
  return new Uint8Array(out);
}
