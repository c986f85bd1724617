/**
 * SM3 (GB/T 32905) that hashes as it is fed, for PDFs and packages too large to hold whole:
 * sm-crypto-v2 only hashes a complete buffer, and node:crypto's sm3 is missing in Electron's BoringSSL.
 */
const BLOCK = 64;
const IV = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];

const rotl = (x: number, n: number): number => (x << n) | (x >>> (32 - n));
const p0 = (x: number): number => x ^ rotl(x, 9) ^ rotl(x, 17);
const p1 = (x: number): number => x ^ rotl(x, 15) ^ rotl(x, 23);
/** T_j rotated left by j mod 32, once for all blocks. */
const T = Int32Array.from({ length: 64 }, (_, j) => {
  const t = j < 16 ? 0x79cc4519 : 0x7a879d8a;
  return j % 32 === 0 ? t : rotl(t, j % 32);
});

export class Sm3 {
  readonly #state: Int32Array;
  #pending: Uint8Array;
  #pendingLength: number;
  #total: number;
  readonly #w = new Int32Array(68);

  constructor(state: ArrayLike<number> = IV, pending: Uint8Array = new Uint8Array(BLOCK), pendingLength = 0, total = 0) {
    this.#state = Int32Array.from(state);
    this.#pending = new Uint8Array(pending);
    this.#pendingLength = pendingLength;
    this.#total = total;
  }

  update(data: Uint8Array): this {
    let offset = 0;
    this.#total += data.length;
    if (this.#pendingLength > 0) {
      offset = Math.min(BLOCK - this.#pendingLength, data.length);
      this.#pending.set(data.subarray(0, offset), this.#pendingLength);
      this.#pendingLength += offset;
      if (this.#pendingLength < BLOCK) return this;
      this.#compress(this.#pending, 0);
      this.#pendingLength = 0;
    }
    for (; offset + BLOCK <= data.length; offset += BLOCK) this.#compress(data, offset);
    this.#pending.set(data.subarray(offset), 0);
    this.#pendingLength = data.length - offset;
    return this;
  }

  digest(): Buffer {
    const bits = BigInt(this.#total) * 8n;
    const padLength = (this.#pendingLength < 56 ? 56 : 120) - this.#pendingLength;
    const tail = Buffer.alloc(padLength + 8);
    tail[0] = 0x80;
    tail.writeBigUInt64BE(bits, padLength);
    const total = this.#total;
    this.update(tail);
    this.#total = total;
    const out = Buffer.alloc(32);
    this.#state.forEach((word, i) => out.writeInt32BE(word, i * 4));
    return out;
  }

  copy(): Sm3 {
    return new Sm3(this.#state, this.#pending, this.#pendingLength, this.#total);
  }

  #compress(block: Uint8Array, offset: number): void {
    const w = this.#w;
    const s = this.#state;
    for (let j = 0; j < 16; j++) {
      const at = offset + j * 4;
      w[j] = ((block[at] ?? 0) << 24) | ((block[at + 1] ?? 0) << 16) | ((block[at + 2] ?? 0) << 8) | (block[at + 3] ?? 0);
    }
    for (let j = 16; j < 68; j++) {
      w[j] = p1((w[j - 16] ?? 0) ^ (w[j - 9] ?? 0) ^ rotl(w[j - 3] ?? 0, 15)) ^ rotl(w[j - 13] ?? 0, 7) ^ (w[j - 6] ?? 0);
    }
    let a = s[0] ?? 0,
      b = s[1] ?? 0,
      c = s[2] ?? 0,
      d = s[3] ?? 0,
      e = s[4] ?? 0,
      f = s[5] ?? 0,
      g = s[6] ?? 0,
      h = s[7] ?? 0;
    for (let j = 0; j < 64; j++) {
      const a12 = rotl(a, 12);
      const ss1 = rotl((a12 + e + (T[j] ?? 0)) | 0, 7);
      const wj = w[j] ?? 0;
      const ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
      const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
      const tt1 = (ff + d + (ss1 ^ a12) + (wj ^ (w[j + 4] ?? 0))) | 0;
      const tt2 = (gg + h + ss1 + wj) | 0;
      d = c;
      c = rotl(b, 9);
      b = a;
      a = tt1;
      h = g;
      g = rotl(f, 19);
      f = e;
      e = p0(tt2);
    }
    s.set([a, b, c, d, e, f, g, h].map((word, i) => word ^ (s[i] ?? 0)));
  }
}
