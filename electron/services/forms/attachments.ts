import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { AppError } from '../../../shared/errors.ts';
import type { AttachmentSpec } from '../../../shared/forms/index.ts';
import { fileNameCharacters, MAX_FILE_NAME_CHARACTERS } from '../../../shared/center/index.ts';
import { isPng, pngPixelsPerMetre } from '../images/index.ts';

interface MediaType {
  mediaType: string;
  magic: (head: Buffer) => boolean;
}

const JPEG: MediaType = { mediaType: 'image/jpeg', magic: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff };
const MEDIA_TYPES: Readonly<Record<string, MediaType>> = {
  pdf: { mediaType: 'application/pdf', magic: (h) => h.subarray(0, 1024).includes('%PDF-') },
  png: { mediaType: 'image/png', magic: isPng },
  jpg: JPEG,
  jpeg: JPEG,
};

/** Enough of a file to recognise its type and find a scan's resolution header. */
export const HEAD_BYTES = 64 * 1024;

function readHead(path: string, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(length);
    return head.subarray(0, readSync(fd, head, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

/** Horizontal resolution in dots per inch from a PNG pHYs chunk or a JPEG JFIF header; null when the file does not say. */
function imageDpi(head: Buffer): number | null {
  if (isPng(head)) {
    const perMetre = pngPixelsPerMetre(head);
    return perMetre === null ? null : Math.round(perMetre * 0.0254);
  }
  const jfif = head.indexOf('JFIF\0');
  if (jfif < 0) return null;
  const [units, density] = [head[jfif + 7], head.readUInt16BE(jfif + 8)];
  if (units === 1) return density;
  return units === 2 ? Math.round(density * 2.54) : null;
}

/** Checks an attachment file against its field's rules before anything is signed: type (by content), size, scan resolution. */
export function checkAttachment(path: string, field: string, spec: AttachmentSpec): { mediaType: string; size: number } {
  let size: number;
  let head: Buffer;
  try {
    size = statSync(path).size;
    head = readHead(path, HEAD_BYTES);
  } catch (error) {
    throw new AppError('ATTACHMENT_UNREADABLE', { name: basename(path) }, { cause: error });
  }
  return { mediaType: inspectAttachment({ name: basename(path), size, head }, field, spec), size };
}

/**
 * The same checks on a file's name, size and first 64 KB (an upload); returns its media type. The name
 * is checked here, when attached, since the center would refuse the whole submission for it later.
 */
export function inspectAttachment(file: { name: string; size: number; head: Buffer }, field: string, spec: AttachmentSpec): string {
  const { name, size, head } = file;
  const length = fileNameCharacters(name);
  if (length > MAX_FILE_NAME_CHARACTERS)
    throw new AppError('ATTACHMENT_NAME_TOO_LONG', { name: `${[...name].slice(0, 20).join('')}…`, length, max: MAX_FILE_NAME_CHARACTERS });
  const extension = extname(name).slice(1).toLowerCase();
  const kind = MEDIA_TYPES[extension];
  if (!spec.types.includes(extension) || kind === undefined || !kind.magic(head))
    throw new AppError('ATTACHMENT_WRONG_TYPE', { name, field, allowed: spec.types.join(', ') });
  if (size > spec.maxMb * 1024 * 1024) throw new AppError('ATTACHMENT_TOO_LARGE', { name, field, maxMb: spec.maxMb });
  if (spec.minDpi !== undefined) {
    const dpi = imageDpi(head);
    if (dpi === null || dpi < spec.minDpi)
      throw new AppError('SCAN_RESOLUTION_LOW', { name, field, dpi: dpi ?? '未标注', minDpi: spec.minDpi });
  }
  return kind.mediaType;
}

/** Copies a file while hashing it, in one streaming pass; returns the SHA-256 of exactly the bytes written. */
export async function copyHashing(from: string, to: string): Promise<string> {
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(createReadStream(from), tap, createWriteStream(to, { flags: 'wx', mode: 0o600 }));
  return hash.digest('hex');
}
