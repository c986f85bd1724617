import { existsSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import { open, rm, truncate, writeFile, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import { ERRORS, MemoryLocker, Server, TUS_RESUMABLE, type Upload } from '@tus/server';
import { UploadIdSchema, UPLOADS_PATH } from '../shared/center/index.ts';
import { BlockDigests, fileBlocksSha256 } from '../electron/services/upload-digest/index.ts';
import type { ReceivedBody } from './http.ts';

/** Set by the center on the request it hands to tus, after the signature named the unit; never taken from the client. */
const UNIT_HEADER = 'x-sealdesk-verified-unit';
const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
/** Unknown and someone else's look the same, so a unit cannot probe for another unit's uploads. */
const NOT_FOUND = { status_code: 404, body: JSON.stringify({ reason: 'not-found' }) };
/**
 * A chunk's pieces are written while the rest arrives, gathered into writes of about this size: the
 * last of them is written after the chunk has arrived, before it can be answered.
 */
const WRITE_BATCH_BYTES = 256 * 1024;
/**
 * Beside an upload while a chunk is written before its digest is checked (`<id>.arriving-<offset>`,
 * empty): where the upload is cut back to if the center stops before the check.
 */
const ARRIVING_MARKER = /^([A-Za-z0-9_-]+)\.arriving-(\d+)$/;
const arrivingMarker = (id: string, offset: number): string => `${id}.arriving-${offset}`;

const uploadIdOf = (pathname: string): string => pathname.split('/').pop() ?? '';

/** A PATCH's body as the center hands it to storeArrivingChunk. */
export interface ArrivingChunk {
  /** Reads the body, handing each piece to `onPiece` as it arrives. */
  receive(onPiece: (piece: Buffer, at: number) => void): Promise<ReceivedBody>;
  /** Throws unless the body is the one the request signed (its digest, its nonce). */
  verify(body: ReceivedBody): void;
  /** Stops the body arriving: it is cut off, as a lost connection's would be. */
  abandon(): void;
}

/**
 * FileStore writes a chunk as it streams through tus: each socket-sized piece (64 KB) a separate
 * write on the thread pool, some 130 round trips per 8 MB chunk. The chunk is already in memory,
 * verified, so its pieces are gathered and written with one writev at the chunk's offset. An upload
 * with a chunk still arriving is as long as it was before that chunk, whatever its file holds.
 */
class GatheringFileStore extends FileStore {
  /** Uploads with a chunk being written before its digest is checked, and their offset before it. */
  readonly arriving = new Map<string, number>();

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    const pieces: Buffer[] = [];
    let size = 0;
    for await (const piece of readable) {
      pieces.push(piece as Buffer);
      size += (piece as Buffer).length;
    }
    const file = await open(join(this.directory, id), 'r+');
    try {
      await writeAll(file, pieces, offset);
    } finally {
      await file.close();
    }
    return offset + size;
  }

  override async getUpload(id: string): Promise<Upload> {
    const upload = await super.getUpload(id);
    const before = this.arriving.get(id);
    if (before !== undefined) upload.offset = Math.min(upload.offset, before);
    return upload;
  }
}

/** Writes the pieces one after the other from `offset` with as few writev calls as the kernel allows. */
async function writeAll(file: FileHandle, pieces: readonly Buffer[], offset: number): Promise<void> {
  const size = pieces.reduce((sum, piece) => sum + piece.length, 0);
  try {
    for (let written = 0; written < size;) written += (await file.writev(unwritten(pieces, written), offset + written)).bytesWritten;
  } catch {
    throw ERRORS.FILE_WRITE_ERROR;
  }
}

/** The pieces from byte `from` on: writev may write fewer bytes than asked, like write. */
function unwritten(pieces: readonly Buffer[], from: number): Buffer[] {
  let skip = from;
  const left: Buffer[] = [];
  for (const piece of pieces) {
    if (skip >= piece.length) skip -= piece.length;
    else {
      left.push(skip === 0 ? piece : piece.subarray(skip));
      skip = 0;
    }
  }
  return left;
}

/**
 * Writes a chunk's pieces at `offset` as `receive` hands them over, one write after the other, while
 * the rest of the chunk is still arriving; the first once `ready` (the chunk's marker) is. Returns
 * the received body once all of it is written.
 */
async function writeWhileArriving(
  path: string,
  offset: number,
  ready: Promise<void>,
  receive: (onPiece: (piece: Buffer, at: number) => void) => Promise<ReceivedBody>,
): Promise<ReceivedBody> {
  const file = await open(path, 'r+');
  let writing = ready;
  writing.catch(() => undefined);
  let batch: Buffer[] = [];
  let batchAt = 0;
  let batchSize = 0;
  const flush = (): void => {
    const [pieces, at] = [batch, offset + batchAt];
    writing = writing.then(() => writeAll(file, pieces, at));
    // Reported once the body is in; a failed write must not be an unhandled rejection meanwhile.
    writing.catch(() => undefined);
    batch = [];
    batchSize = 0;
  };
  try {
    const body = await receive((piece, at) => {
      if (batchSize === 0) batchAt = at;
      batch.push(piece);
      batchSize += piece.length;
      if (batchSize >= WRITE_BATCH_BYTES) flush();
    });
    if (batchSize > 0) flush();
    await writing;
    return body;
  } finally {
    await writing.catch(() => undefined);
    await file.close();
  }
}

/**
 * Resumable uploads (tus 1.0) through the maintained @tus/server: the center authenticates each
 * request first, then tus stores the bytes. Each upload belongs to the unit that created it.
 */
export class CenterUploads {
  readonly #files: GatheringFileStore;
  readonly #tus: Server;
  /** tus's lock per upload, which the chunks stored here take as well, so no two requests change an upload at once. */
  readonly #locker = new MemoryLocker();
  /** The digests of each upload's blocks so far, while its chunks arrive one block each, in order, in this process. */
  readonly #blocks = new Map<string, BlockDigests>();

  constructor(readonly directory: string) {
    this.#files = new GatheringFileStore({ directory });
    this.#tus = new Server({
      path: UPLOADS_PATH,
      datastore: this.#files,
      locker: this.#locker,
      maxSize: MAX_UPLOAD_BYTES,
      // What backs a received submission is evidence: once complete, no unit can take it back.
      disableTerminationForFinishedUploads: true,
      // A client that was killed mid-chunk resumes at once: tus would wait 3 s for the dead request's lock.
      lockDrainTimeout: 200,
      onUploadCreate: (req, upload) => Promise.resolve({ metadata: { ...upload.metadata, unit: req.headers.get(UNIT_HEADER) ?? '' } }),
      // A creation (POST) is asked about the id it is about to use, which nobody owns yet.
      onIncomingRequest: async (req, uploadId) => {
        if (req.method !== 'POST') await this.#ownUpload(uploadId, req.headers.get(UNIT_HEADER) ?? '');
      },
    });
    this.#cutUnverifiedChunks();
  }

  /**
   * Whether a path names the upload collection or one upload by an id tus could have made. Anything
   * else (`<id>.json`, the FileStore's metadata file, or `../`) never reaches the store.
   */
  static isUploadPath(pathname: string): boolean {
    if (pathname === UPLOADS_PATH) return true;
    const prefix = `${UPLOADS_PATH}/`;
    return pathname.startsWith(prefix) && UploadIdSchema.safeParse(pathname.slice(prefix.length)).success;
  }

  /**
   * A chunk of an upload created with its length, as SealDesk's client sends every one, written to
   * the upload's file while it arrives, so the disk works while the rest of the chunk comes in instead
   * of after it. Until `verify` accepts the body (its digest, the request's nonce) the upload keeps its
   * old offset, and a refused or cut-off chunk is cut off the file again. Null when the upload is not
   * the unit's or the chunk does not fit at its offset: tus then reads the body and says why.
   */
  async storeArrivingChunk(
    pathname: string,
    headers: Record<string, string>,
    unitId: string,
    chunk: ArrivingChunk,
  ): Promise<Response | null> {
    const id = uploadIdOf(pathname);
    if (!isPlainChunk(headers) || !UploadIdSchema.safeParse(id).success) return null;
    const offset = Number(headers['upload-offset']);
    const length = Number(headers['content-length'] ?? NaN);
    const lock = this.#locker.newLock(id);
    // As tus does: another request for the upload (a client that resumed after losing this one) ends this chunk.
    await lock.lock(new AbortController().signal, () => chunk.abandon());
    try {
      const upload = await this.#files.getUpload(id).catch(() => null);
      const size = upload?.size ?? MAX_UPLOAD_BYTES;
      if (upload?.metadata?.['unit'] !== unitId || upload.offset !== offset || !(offset + length <= size)) return null;
      const body = await this.#writeVerified(id, offset, chunk);
      this.#followBlocks(id, offset, body, size);
      return new Response(null, { status: 204, headers: { 'Tus-Resumable': TUS_RESUMABLE, 'Upload-Offset': String(offset + body.size) } });
    } catch (error) {
      return tusRefusal(error);
    } finally {
      await lock.unlock();
    }
  }

  async #writeVerified(id: string, offset: number, chunk: ArrivingChunk): Promise<ReceivedBody> {
    const marker = join(this.directory, arrivingMarker(id, offset));
    this.#files.arriving.set(id, offset);
    try {
      const body = await writeWhileArriving(this.path(id), offset, writeFile(marker, ''), (onPiece) => chunk.receive(onPiece));
      chunk.verify(body);
      // Not awaited: the next chunk has a marker of its own, and a center stopped before this one is
      // gone only cuts back a chunk the client then sends again.
      rm(marker, { force: true }).catch(() => undefined);
      return body;
    } catch (error) {
      await truncate(this.path(id), offset);
      await rm(marker, { force: true });
      throw error;
    } finally {
      this.#files.arriving.delete(id);
    }
  }

  /** Chunks a center stopped while writing (markers left behind) are cut off: their digest was never checked. */
  #cutUnverifiedChunks(): void {
    const cutAt = new Map<string, number>();
    for (const name of readdirSync(this.directory)) {
      const [, id, offset] = ARRIVING_MARKER.exec(name) ?? [];
      if (id === undefined || offset === undefined) continue;
      cutAt.set(id, Math.min(cutAt.get(id) ?? Infinity, Number(offset)));
      rmSync(join(this.directory, name));
    }
    for (const [id, offset] of cutAt) if (existsSync(this.path(id))) truncateSync(this.path(id), offset);
  }

  /** Anything not stored by storeArrivingChunk: tus checks it, stores it or refuses it. */
  async handle(url: string, method: string, headers: Record<string, string>, body: ReceivedBody, unitId: string): Promise<Response> {
    const forwarded = new Headers(headers);
    forwarded.set(UNIT_HEADER, unitId);
    const hasBody = body.size > 0 && method !== 'GET' && method !== 'HEAD';
    const response = await this.#tus.handleWeb(
      new Request(url, {
        method,
        headers: forwarded,
        ...(hasBody ? { body: streamOf(body.pieces), duplex: 'half' } : {}),
      }),
    );
    // Bytes tus stored break the run of block digests: finished() reads the file instead.
    if (method === 'PATCH') this.#blocks.delete(uploadIdOf(new URL(url).pathname));
    return response;
  }

  /** The upload, if it exists and belongs to the unit; otherwise the 404 that does not tell which. */
  async #ownUpload(id: string, unitId: string): Promise<Upload> {
    const upload = UploadIdSchema.safeParse(id).success ? await this.#files.getUpload(id).catch(() => null) : null;
    if (upload === null || upload.metadata?.['unit'] !== unitId) throw NOT_FOUND;
    return upload;
  }

  /**
   * Keeps the chunk's digest as its block's when it is one whole block right after the last (the
   * last block may be shorter). Anything else (out of order, another size, a center restarted
   * mid-upload) forgets the upload's blocks, and finished() reads the file instead.
   */
  #followBlocks(id: string, offset: number, body: ReceivedBody, uploadSize: number): void {
    const blocks = offset === 0 ? new BlockDigests(uploadSize) : this.#blocks.get(id);
    if (blocks?.addBlock(offset, body.size, body.sha256) === true) this.#blocks.set(id, blocks);
    else this.#blocks.delete(id);
  }

  /** The finished upload's file and digest (blocksSha256), or null when it is unknown, someone else's or incomplete. */
  async finished(uploadId: string, unitId: string): Promise<{ path: string; size: number; blocksSha256: string } | null> {
    if (!UploadIdSchema.safeParse(uploadId).success) return null;
    const upload = await this.#files.getUpload(uploadId).catch(() => null);
    if (upload === null || upload.metadata?.['unit'] !== unitId || upload.size === undefined || upload.offset !== upload.size) return null;
    const path = this.path(uploadId);
    const blocks = this.#blocks.get(uploadId);
    this.#blocks.delete(uploadId);
    const blocksSha256 = blocks?.position === upload.size ? blocks.digest() : await fileBlocksSha256(path, upload.size);
    return { path, size: upload.size, blocksSha256 };
  }

  path(uploadId: string): string {
    return join(this.directory, uploadId);
  }
}

function streamOf(pieces: readonly Buffer[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      const piece = pieces[next++];
      if (piece === undefined) controller.close();
      else controller.enqueue(piece);
    },
  });
}

/** A PATCH with nothing but a chunk at an offset: no deferred length, no method override, tus 1.0. */
function isPlainChunk(headers: Record<string, string>): boolean {
  return (
    headers['tus-resumable'] === TUS_RESUMABLE &&
    headers['content-type'] === 'application/offset+octet-stream' &&
    /^\d+$/.test(headers['upload-offset'] ?? '') &&
    headers['upload-length'] === undefined &&
    headers['x-http-method-override'] === undefined
  );
}

/** A refusal as tus words it (status and body); anything else is a failure of the center's own. */
function tusRefusal(error: unknown): Response {
  const refusal = error as { status_code?: unknown; body?: unknown };
  if (typeof refusal.status_code !== 'number' || typeof refusal.body !== 'string') throw error;
  return new Response(refusal.body, { status: refusal.status_code, headers: { 'Tus-Resumable': TUS_RESUMABLE } });
}
