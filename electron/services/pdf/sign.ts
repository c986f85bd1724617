import { createHash } from 'node:crypto';
import { constants, existsSync, type BigIntStats } from 'node:fs';
import { copyFile, open, stat, type FileHandle } from 'node:fs/promises';
import { AppError } from '../../../shared/errors.ts';
import { contentHashFor, createDetachedSignature, type Timestamper } from '../cms/index.ts';
import { createContentHash, type ContentHash, type HashName } from '../pki/index.ts';
import { dssUpdate, type ValidationData } from './dss.ts';
import { writeStreamAtomic } from '../platform/index.ts';
import type { Signer } from '../token/index.ts';
import { PdfDocument } from './document.ts';
import { BYTE_RANGE_PLACEHOLDER } from './signature-field.ts';
import { IncrementalUpdate } from './update.ts';

const CHUNK = 1024 * 1024;
const OUTPUT_MODE = 0o644;
/** Room for the CMS beyond the certificates it carries; a timestamp token (B-T) fits in it too. */
const CONTENTS_MARGIN = 12 * 1024;

export interface SignPdfOptions {
  output: string;
  /** The user confirmed replacing an existing file (the original included). */
  overwrite: boolean;
  signer: Signer;
  chain?: readonly Uint8Array[];
  /** What makes the signature verifiable later (B-T, B-LT); without it the signature is B-B. */
  evidence?: LongTermEvidence | undefined;
  /** Adds the signature field and whatever it needs to the update. */
  prepare(update: IncrementalUpdate, contentsSize: number): void;
  onProgress?(fraction: number): void;
}

/** A signature time-stamp (B-T) and the certificates and CRLs to embed for it (B-LT). */
export interface LongTermEvidence {
  timestamper: Timestamper;
  /** For the finished CMS; null when they cannot be had now, and the signature stays at B-T. */
  validationData(cms: Uint8Array): Promise<ValidationData | null>;
}

export interface SignPdfResult {
  output: string;
  /** SHA-256 of the document before this signature, as the usage record names it. */
  inputSha256: string;
  outputSize: number;
}

export function contentsSizeFor(signer: Signer, chain: readonly Uint8Array[] = []): number {
  return CONTENTS_MARGIN + signer.certificate.length + chain.reduce((sum, der) => sum + der.length, 0);
}

/**
 * The original is copied by the kernel (a reflink where the file system has them) into a temp file
 * beside the output while this thread hashes it; the copy's fsync starts as soon as it is done and
 * runs during the hashing and the token signature. Then the update goes on the end, the placeholder
 * is filled, and the temp file is renamed into place. The original is never touched and a failure at
 * any point leaves no output behind.
 */
export async function signPdf(document: PdfDocument, options: SignPdfOptions): Promise<SignPdfResult> {
  if (!options.overwrite && existsSync(options.output)) throw new AppError('OUTPUT_EXISTS', { path: options.output });
  const contentsSize = contentsSizeFor(options.signer, options.chain);
  const update = new IncrementalUpdate(document);
  options.prepare(update, contentsSize);
  const increment = update.build();
  const layout = placeholderLayout(increment, document.size);
  return writeStreamAtomic(
    options.output,
    async (out, temp) => {
      const { hash, inputSha256 } = await copyHashing(document, out, temp, contentHashFor(options.signer), options.onProgress);
      hash.update(increment.subarray(0, layout.contentsStart));
      hash.update(increment.subarray(layout.contentsEnd));
      const cms = await createDetachedSignature(options.signer, {
        contentDigest: hash.digest(),
        chain: options.chain ?? [],
        ...(options.evidence ? { timestamper: options.evidence.timestamper } : {}),
      });
      if (cms.length > contentsSize) throw new AppError('INTERNAL', { detail: 'signature larger than reserved' });
      increment.write(Buffer.from(cms).toString('hex'), layout.contentsStart + 1, 'latin1');
      await out.write(increment, 0, increment.length, document.size);
      const validation = (await options.evidence?.validationData(cms)) ?? null;
      const dss = validation === null ? Buffer.alloc(0) : appendedDss(temp, validation);
      await out.write(dss, 0, dss.length, document.size + increment.length);
      return { output: options.output, inputSha256, outputSize: document.size + increment.length + dss.length };
    },
    OUTPUT_MODE,
  );
}

/** The DSS update for the signed file as written so far (read back from the temp file). */
function appendedDss(temp: string, data: ValidationData): Buffer {
  const signed = PdfDocument.open(temp);
  try {
    return dssUpdate(signed, data);
  } finally {
    signed.close();
  }
}

/** Finds the placeholders in the update and writes the final /ByteRange into it. */
function placeholderLayout(increment: Buffer, originalSize: number): { contentsStart: number; contentsEnd: number } {
  const byteRangeAt = increment.indexOf(BYTE_RANGE_PLACEHOLDER, 0, 'latin1');
  const contentsStart = increment.indexOf('/Contents <', byteRangeAt, 'latin1') + '/Contents '.length;
  const contentsEnd = increment.indexOf('>', contentsStart, 'latin1') + 1;
  if (byteRangeAt < 0 || contentsStart < '/Contents '.length || contentsEnd <= 0)
    throw new AppError('INTERNAL', { detail: 'no signature placeholder' });
  const total = originalSize + increment.length;
  const range = `[0 ${originalSize + contentsStart} ${originalSize + contentsEnd} ${total - originalSize - contentsEnd}]`;
  increment.write(range.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' '), byteRangeAt, 'latin1');
  return { contentsStart, contentsEnd };
}

/**
 * Copies the original into `temp` and hashes it with the signature's hash, which goes on over the
 * update; the original's own SHA-256 (for the usage record) comes from the same hash when it is
 * SHA-256. The copy and the hash read the file separately, so a file changed meanwhile is refused.
 */
async function copyHashing(
  document: PdfDocument,
  out: FileHandle,
  temp: string,
  hashName: HashName,
  onProgress?: (fraction: number) => void,
): Promise<{ hash: ContentHash; inputSha256: string }> {
  const before = await stat(document.path, { bigint: true });
  if (before.size !== BigInt(document.size)) throw new AppError('FILE_CHANGED', { path: document.path });
  const hash = createContentHash(hashName);
  const sha256 = hashName === 'sha256' ? null : createHash('sha256');
  const copied = copyDurably(document.path, out, temp);
  try {
    await hashFile(document, [hash, ...(sha256 ? [sha256] : [])], onProgress);
  } finally {
    await copied.catch(() => undefined);
  }
  await copied;
  if (!sameFile(before, await stat(document.path, { bigint: true }))) throw new AppError('FILE_CHANGED', { path: document.path });
  return { hash, inputSha256: (sha256 ?? hash.copy()).digest().toString('hex') };
}

/** copyFile gives the copy the original's mode, which the output does not keep. */
async function copyDurably(original: string, out: FileHandle, temp: string): Promise<void> {
  await copyFile(original, temp, constants.COPYFILE_FICLONE);
  await out.chmod(OUTPUT_MODE);
  await out.sync();
}

/** Reads the next chunk while the current one is hashed. */
async function hashFile(document: PdfDocument, hashes: readonly ContentHash[], onProgress?: (fraction: number) => void): Promise<void> {
  const input = await open(document.path, 'r');
  const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)] as const;
  const readAt = (position: number, turn: 0 | 1) => input.read(buffers[turn], 0, Math.min(CHUNK, document.size - position), position);
  let pending = readAt(0, 0);
  try {
    for (let position = 0, turn: 0 | 1 = 0; position < document.size; turn = turn === 0 ? 1 : 0) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) throw new AppError('FILE_CHANGED', { path: document.path });
      const next = position + bytesRead;
      if (next < document.size) pending = readAt(next, turn === 0 ? 1 : 0);
      for (const hash of hashes) hash.update(buffers[turn].subarray(0, bytesRead));
      position = next;
      onProgress?.(position / document.size);
    }
  } finally {
    await pending.catch(() => undefined);
    await input.close();
  }
}

function sameFile(a: BigIntStats, b: BigIntStats): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}
