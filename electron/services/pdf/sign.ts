import { constants, existsSync, type BigIntStats } from 'node:fs';
import { copyFile, stat, type FileHandle } from 'node:fs/promises';
import { AppError } from '../../../shared/errors.ts';
import { contentHashFor, createDetachedSignature, type Timestamper } from '../cms/index.ts';
import type { ContentHash, HashName } from '../pki/index.ts';
import { dssUpdate, type ValidationData } from './dss.ts';
import { writeStreamAtomic } from '../platform/index.ts';
import type { Signer } from '../token/index.ts';
import { PdfDocument } from './document.ts';
import { digestFile, type SpanDigest } from './digest-pass.ts';
import { BYTE_RANGE_PLACEHOLDER } from './signature-field.ts';
import { IncrementalUpdate } from './update.ts';

const OUTPUT_MODE = 0o644;
/** Room for the CMS beyond the certificates it carries; a timestamp token (B-T) fits in it too. */
const CONTENTS_MARGIN = 12 * 1024;

export interface SignPdfOptions<T> {
  output: string;
  /** The user confirmed replacing an existing file (the original included). */
  overwrite: boolean;
  signer: Signer;
  chain?: readonly Uint8Array[];
  /** What makes the signature verifiable later (B-T, B-LT); without it the signature is B-B. */
  evidence?: LongTermEvidence | undefined;
  check: SigningCheck<T>;
  /** Adds the signature field and whatever it needs to the update, knowing what the check found. */
  prepare(update: IncrementalUpdate, contentsSize: number, checked: T): void;
  onProgress?(fraction: number): void;
}

/**
 * What must hold of the original before it is signed (approved, not locked, earlier signatures
 * intact), judged from digests taken in the signing pass itself, so that sealing reads the file once.
 */
export interface SigningCheck<T> {
  digests: readonly SpanDigest[];
  /** Throws an AppError when the document must not be signed. */
  judge(digests: readonly Uint8Array[]): Promise<T>;
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
 * beside the output while this thread reads it once for every digest: the check's and the new
 * signature's. The copy's fsync runs during the check, the token signature and the time-stamp. Then
 * the update goes on the end, the placeholder is filled, and the temp file is renamed into place. The
 * original is never touched and a failure at any point leaves no output behind.
 */
export async function signPdf<T>(document: PdfDocument, options: SignPdfOptions<T>): Promise<SignPdfResult & { checked: T }> {
  if (!options.overwrite && existsSync(options.output)) throw new AppError('OUTPUT_EXISTS', { path: options.output });
  const contentsSize = contentsSizeFor(options.signer, options.chain);
  return writeStreamAtomic(
    options.output,
    async (out, temp) => {
      const copy = await copyDigesting(document, out, temp, contentHashFor(options.signer), options);
      try {
        const checked = await options.check.judge(copy.digests);
        const update = new IncrementalUpdate(document);
        options.prepare(update, contentsSize, checked);
        const increment = update.build();
        const layout = placeholderLayout(increment, document.size);
        copy.hash.update(increment.subarray(0, layout.contentsStart));
        copy.hash.update(increment.subarray(layout.contentsEnd));
        const cms = await createDetachedSignature(options.signer, {
          contentDigest: copy.hash.digest(),
          chain: options.chain ?? [],
          ...(options.evidence ? { timestamper: options.evidence.timestamper } : {}),
        });
        if (cms.length > contentsSize) throw new AppError('INTERNAL', { detail: 'signature larger than reserved' });
        increment.write(Buffer.from(cms).toString('hex'), layout.contentsStart + 1, 'latin1');
        await out.write(increment, 0, increment.length, document.size);
        const validation = (await options.evidence?.validationData(cms)) ?? null;
        const dss = validation === null ? Buffer.alloc(0) : appendedDss(temp, validation);
        await out.write(dss, 0, dss.length, document.size + increment.length);
        return {
          output: options.output,
          inputSha256: copy.inputSha256,
          outputSize: document.size + increment.length + dss.length,
          checked,
        };
      } finally {
        await copy.durable;
      }
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

interface CopyPass {
  /** The new signature's hash over the original, to go on over the update. */
  hash: ContentHash;
  /** The check's digests, in its order. */
  digests: readonly Uint8Array[];
  /** SHA-256 of the original, for the usage record. */
  inputSha256: string;
  /** The copy's fsync, still running. */
  durable: Promise<void>;
}

/**
 * Copies the original into `temp` and takes every digest in one read of it. The copy and the read see
 * the file separately, so a file changed meanwhile is refused.
 */
async function copyDigesting(
  document: PdfDocument,
  out: FileHandle,
  temp: string,
  hashName: HashName,
  options: Pick<SignPdfOptions<unknown>, 'check' | 'onProgress'>,
): Promise<CopyPass> {
  const before = await stat(document.path, { bigint: true });
  if (before.size !== BigInt(document.size)) throw new AppError('FILE_CHANGED', { path: document.path });
  // copyFile gives the copy the original's mode, which the output does not keep.
  const copied = copyFile(document.path, temp, constants.COPYFILE_FICLONE).then(() => out.chmod(OUTPUT_MODE));
  const durable = copied.then(() => out.sync());
  durable.catch(() => undefined);
  const whole: HashName[] = hashName === 'sha256' ? ['sha256'] : [hashName, 'sha256'];
  const pass = await digestFile(document.path, document.size, options.check.digests, { whole, onProgress: options.onProgress }).finally(
    () => copied.catch(() => undefined),
  );
  await copied;
  if (!sameFile(before, await stat(document.path, { bigint: true }))) throw new AppError('FILE_CHANGED', { path: document.path });
  const hash = pass.whole.get(hashName) as ContentHash;
  const sha256 = pass.whole.get('sha256') as ContentHash;
  return { hash, digests: pass.digests, inputSha256: (hashName === 'sha256' ? sha256.copy() : sha256).digest().toString('hex'), durable };
}

function sameFile(a: BigIntStats, b: BigIntStats): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}
