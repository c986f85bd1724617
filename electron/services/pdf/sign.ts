import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { AppError } from '../../../shared/errors.ts';
import { contentHashFor, createDetachedSignature, type Timestamper } from '../cms/index.ts';
import { createContentHash, type ContentHash, type HashName } from '../pki/index.ts';
import { dssUpdate, type ValidationData } from './dss.ts';
import { writeStreamAtomic } from '../platform/index.ts';
import type { Signer } from '../token/index.ts';
import { PdfDocument } from './document.ts';
import { BYTE_RANGE_PLACEHOLDER } from './signature-field.ts';
import { IncrementalUpdate } from './update.ts';

const CHUNK = 4 * 1024 * 1024;
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
 * One pass over the original: copy it to a temp file beside the output while hashing, append the
 * update, sign the digest on the token, fill the placeholder, fsync, rename. The original is never
 * touched and a failure at any point leaves no output behind.
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
      const { hash, inputSha256 } = await copyHashing(document, out, contentHashFor(options.signer), options.onProgress);
      hash.update(increment.subarray(0, layout.contentsStart));
      hash.update(increment.subarray(layout.contentsEnd));
      const cms = await createDetachedSignature(options.signer, {
        contentDigest: hash.digest(),
        chain: options.chain ?? [],
        ...(options.evidence ? { timestamper: options.evidence.timestamper } : {}),
      });
      if (cms.length > contentsSize) throw new AppError('INTERNAL', { detail: 'signature larger than reserved' });
      increment.write(Buffer.from(cms).toString('hex'), layout.contentsStart + 1, 'latin1');
      await out.write(increment);
      const validation = (await options.evidence?.validationData(cms)) ?? null;
      const dss = validation === null ? Buffer.alloc(0) : appendedDss(temp, validation);
      await out.write(dss);
      return { output: options.output, inputSha256, outputSize: document.size + increment.length + dss.length };
    },
    0o644,
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
 * Copies the original while hashing it with the signature's hash, which goes on over the update;
 * the original's own SHA-256 (for the usage record) comes from the same hash when it is SHA-256.
 */
async function copyHashing(
  document: PdfDocument,
  out: FileHandle,
  hashName: HashName,
  onProgress?: (fraction: number) => void,
): Promise<{ hash: ContentHash; inputSha256: string }> {
  const hash = createContentHash(hashName);
  const sha256 = hashName === 'sha256' ? null : createHash('sha256');
  const input = await open(document.path, 'r');
  try {
    if ((await input.stat()).size !== document.size) throw new AppError('FILE_CHANGED', { path: document.path });
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (let position = 0; position < document.size;) {
      const { bytesRead } = await input.read(buffer, 0, Math.min(CHUNK, document.size - position), position);
      if (bytesRead === 0) throw new AppError('FILE_CHANGED', { path: document.path });
      const chunk = buffer.subarray(0, bytesRead);
      hash.update(chunk);
      sha256?.update(chunk);
      await out.write(chunk);
      position += bytesRead;
      onProgress?.(position / document.size);
    }
    return { hash, inputSha256: (sha256 ?? hash.copy()).digest().toString('hex') };
  } finally {
    await input.close();
  }
}
