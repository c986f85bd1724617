import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { UPLOAD_BLOCK_BYTES } from '../../../shared/center/index.ts';

/**
 * An envelope's digest as a submission names it (SubmissionPart.blocksSha256): the SHA-256 of its
 * blocks' SHA-256s. A block whose digest is known already (a chunk's, taken for its Content-Digest) is
 * added as it is; other bytes are hashed here, in order, block by block.
 */
export class BlockDigests {
  /** `size`: the envelope's length, which says where its last, shorter block ends. */
  constructor(readonly size: number) {}

  readonly #blocks: Buffer[] = [];
  #position = 0;
  #hash: Hash = createHash('sha256');
  /** Bytes of a block not yet closed went into #hash. */
  #open = false;

  /** Bytes from `at` on; they must follow the ones before. */
  update(bytes: Uint8Array, at: number): void {
    if (at !== this.#position) throw new RangeError(`block digest: bytes at ${at}, expected ${this.#position}`);
    for (let from = 0; from < bytes.length;) {
      const take = Math.min(bytes.length - from, UPLOAD_BLOCK_BYTES - (this.#position % UPLOAD_BLOCK_BYTES));
      this.#hash.update(bytes.subarray(from, from + take));
      from += take;
      this.#position += take;
      if (this.#position % UPLOAD_BLOCK_BYTES === 0) this.#closeBlock();
      else this.#open = true;
    }
  }

  /**
   * A block's digest at `at`, taken by the caller, in place of its `size` bytes. False (nothing done)
   * unless they are the next block whole (the last may be shorter): the caller hashes them with
   * update() instead.
   */
  addBlock(at: number, size: number, digest: Buffer): boolean {
    const wholeBlock = size === UPLOAD_BLOCK_BYTES || (size > 0 && size < UPLOAD_BLOCK_BYTES && at + size === this.size);
    if (at !== this.#position || at % UPLOAD_BLOCK_BYTES !== 0 || !wholeBlock) return false;
    this.#blocks.push(digest);
    this.#position += size;
    return true;
  }

  get position(): number {
    return this.#position;
  }

  /** The digest, hex, once every byte of the envelope went in. */
  digest(): string {
    if (this.#position !== this.size) throw new RangeError(`block digest: ${this.#position} of ${this.size} bytes`);
    if (this.#open || this.size === 0) this.#closeBlock();
    return blocksSha256(this.#blocks);
  }

  #closeBlock(): void {
    this.#blocks.push(this.#hash.digest());
    this.#hash = createHash('sha256');
    this.#open = false;
  }
}

function blocksSha256(blocks: readonly Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const block of blocks) hash.update(block);
  return hash.digest('hex');
}

/** A stored file's digest, read back whole: for an upload whose blocks' digests were not all seen arrive. */
export async function fileBlocksSha256(path: string, size: number): Promise<string> {
  const digests = new BlockDigests(size);
  for await (const piece of createReadStream(path, { highWaterMark: 1 << 20 })) digests.update(piece as Buffer, digests.position);
  return digests.digest();
}
