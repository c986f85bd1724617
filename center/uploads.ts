import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import { ERRORS, MemoryLocker, Server, TUS_RESUMABLE, type Upload } from '@tus/server';
import { UploadIdSchema, UPLOADS_PATH } from '../shared/center/index.ts';
import type { ReceivedBody } from './http.ts';

/** Set by the center on the request it hands to tus, after the signature named the unit; never taken from the client. */
const UNIT_HEADER = 'x-sealdesk-verified-unit';
const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
/** Unknown and someone else's look the same, so a unit cannot probe for another unit's uploads. */
const NOT_FOUND = { status_code: 404, body: JSON.stringify({ reason: 'not-found' }) };

/** An upload's SHA-256 over its bytes up to `offset`. */
interface RunningDigest {
  offset: number;
  hash: Hash;
}

const uploadIdOf = (pathname: string): string => pathname.split('/').pop() ?? '';

/**
 * FileStore writes a chunk as it streams through tus: each socket-sized piece (64 KB) a separate
 * write on the thread pool, some 130 round trips per 8 MB chunk. The chunk is already in memory,
 * verified, so its pieces are gathered and written with one writev at the chunk's offset.
 */
class GatheringFileStore extends FileStore {
  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    const pieces: Buffer[] = [];
    let size = 0;
    for await (const piece of readable) {
      pieces.push(piece as Buffer);
      size += (piece as Buffer).length;
    }
    await writeAt(join(this.directory, id), pieces, offset);
    return offset + size;
  }
}

/** Writes the pieces one after the other from `offset` with as few writev calls as the kernel allows. */
async function writeAt(path: string, pieces: readonly Buffer[], offset: number): Promise<void> {
  const size = pieces.reduce((sum, piece) => sum + piece.length, 0);
  const file = await open(path, 'r+');
  try {
    for (let written = 0; written < size;) written += (await file.writev(unwritten(pieces, written), offset + written)).bytesWritten;
  } catch {
    throw ERRORS.FILE_WRITE_ERROR;
  } finally {
    await file.close();
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
 * Resumable uploads (tus 1.0) through the maintained @tus/server: the center authenticates each
 * request first, then tus stores the bytes. Each upload belongs to the unit that created it.
 */
export class CenterUploads {
  readonly #files: FileStore;
  readonly #tus: Server;
  /** tus's lock per upload, which the chunks stored here take as well, so no two requests change an upload at once. */
  readonly #locker = new MemoryLocker();
  /** SHA-256 of each upload's bytes so far, carried along while its chunks arrive in order in this process. */
  readonly #digests = new Map<string, RunningDigest>();

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
   * The running SHA-256 a PATCH's chunk is hashed onto while it arrives, so the submission naming the
   * upload need not read the whole file back: a fresh one at offset 0, a copy of the upload's where
   * its last stored chunk ended (kept only if tus stores this one), null for anything else.
   */
  continuedDigest(method: string, pathname: string, offsetHeader: string | undefined): RunningDigest | null {
    if (method !== 'PATCH') return null;
    const offset = Number(offsetHeader);
    if (offset === 0) return { offset, hash: createHash('sha256') };
    const running = this.#digests.get(uploadIdOf(pathname));
    return running?.offset === offset ? { offset, hash: running.hash.copy() } : null;
  }

  /** The verified body is stored as the pieces it arrived in: no copy of the chunk is made on the way to the file. */
  async handle(
    url: string,
    method: string,
    headers: Record<string, string>,
    body: ReceivedBody,
    unitId: string,
    digest: RunningDigest | null,
  ): Promise<Response> {
    const id = uploadIdOf(new URL(url).pathname);
    const response =
      method === 'PATCH' && isPlainChunk(headers) && UploadIdSchema.safeParse(id).success
        ? await this.#storeChunk(id, Number(headers['upload-offset']), body, unitId)
        : await this.#throughTus(url, method, headers, body, unitId);
    if (method === 'PATCH') this.#followDigest(id, digest, body.size, response);
    return response;
  }

  async #throughTus(url: string, method: string, headers: Record<string, string>, body: ReceivedBody, unitId: string): Promise<Response> {
    const forwarded = new Headers(headers);
    forwarded.set(UNIT_HEADER, unitId);
    const hasBody = body.size > 0 && method !== 'GET' && method !== 'HEAD';
    return this.#tus.handleWeb(
      new Request(url, {
        method,
        headers: forwarded,
        ...(hasBody ? { body: streamOf(body.pieces), duplex: 'half' } : {}),
      }),
    );
  }

  /**
   * A chunk of an upload created with its length, as SealDesk's client sends every one, stored
   * here rather than by tus's PATCH handler, which would stream the verified body again through web
   * streams in 64 KB pieces. The checks are tus's (the upload's unit, its offset, its length) under
   * tus's lock for the upload; anything else a PATCH may carry goes to tus.
   */
  async #storeChunk(id: string, offset: number, body: ReceivedBody, unitId: string): Promise<Response> {
    const lock = this.#locker.newLock(id);
    try {
      // The chunk is in memory already and written at once, so another request for the upload just waits for it.
      await lock.lock(new AbortController().signal, () => undefined);
      try {
        const upload = await this.#ownUpload(id, unitId);
        if (upload.offset !== offset) throw ERRORS.INVALID_OFFSET;
        if (offset + body.size > (upload.size ?? MAX_UPLOAD_BYTES)) throw ERRORS.ERR_SIZE_EXCEEDED;
        await writeAt(this.path(id), body.pieces, offset);
      } finally {
        await lock.unlock();
      }
    } catch (error) {
      return tusRefusal(error);
    }
    return new Response(null, { status: 204, headers: { 'Tus-Resumable': TUS_RESUMABLE, 'Upload-Offset': String(offset + body.size) } });
  }

  /** The upload, if it exists and belongs to the unit; otherwise the 404 that does not tell which. */
  async #ownUpload(id: string, unitId: string): Promise<Upload> {
    const upload = UploadIdSchema.safeParse(id).success ? await this.#files.getUpload(id).catch(() => null) : null;
    if (upload === null || upload.metadata?.['unit'] !== unitId) throw NOT_FOUND;
    return upload;
  }

  /**
   * Keeps the upload's running SHA-256 when tus stored the chunk it was carried over. Anything out of
   * order (a chunk refused, a center restarted mid-upload) forgets it, and finished() reads the file instead.
   */
  #followDigest(id: string, digest: RunningDigest | null, size: number, response: Response): void {
    const stored = Number(response.headers.get('upload-offset'));
    if (digest === null || response.status !== 204 || stored !== digest.offset + size) this.#digests.delete(id);
    else this.#digests.set(id, { offset: stored, hash: digest.hash });
  }

  /** The finished upload's file and SHA-256, or null when it is unknown, someone else's or incomplete. */
  async finished(uploadId: string, unitId: string): Promise<{ path: string; size: number; sha256: string } | null> {
    if (!UploadIdSchema.safeParse(uploadId).success) return null;
    const upload = await this.#files.getUpload(uploadId).catch(() => null);
    if (upload === null || upload.metadata?.['unit'] !== unitId || upload.size === undefined || upload.offset !== upload.size) return null;
    const path = this.path(uploadId);
    const running = this.#digests.get(uploadId);
    this.#digests.delete(uploadId);
    if (running?.offset === upload.size) return { path, size: upload.size, sha256: running.hash.digest('hex') };
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return { path, size: upload.size, sha256: hash.digest('hex') };
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
