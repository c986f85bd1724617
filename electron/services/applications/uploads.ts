import { AppError } from '../../../shared/errors.ts';

/** The most a shell may hold for uploads not yet attached: above the largest attachment any form allows. */
const MAX_TOTAL_BYTES = 256 * 1024 * 1024;

/**
 * Files the web shell sends in pieces (its frames are small); they wait in memory only until
 * attached, since an unencrypted copy on disk is what the vault exists to avoid.
 */
export class Uploads {
  readonly #parts = new Map<string, Buffer[]>();
  #total = 0;

  append(uploadId: string, offset: number, bytes: Buffer): number {
    const parts = this.#parts.get(uploadId) ?? [];
    const received = parts.reduce((sum, part) => sum + part.length, 0);
    if (offset !== received) throw new AppError('BAD_REQUEST', { detail: `upload offset ${offset}, expected ${received}` });
    if (this.#total + bytes.length > MAX_TOTAL_BYTES) throw new AppError('ATTACHMENT_TOO_LARGE', { name: uploadId, field: '', maxMb: 256 });
    parts.push(bytes);
    this.#parts.set(uploadId, parts);
    this.#total += bytes.length;
    return received + bytes.length;
  }

  take(uploadId: string): Buffer {
    const parts = this.#parts.get(uploadId);
    if (parts === undefined) throw new AppError('BAD_REQUEST', { detail: 'unknown upload' });
    this.#parts.delete(uploadId);
    const bytes = Buffer.concat(parts);
    this.#total -= bytes.length;
    return bytes;
  }
}
