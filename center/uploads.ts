import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import { ERRORS, Server } from '@tus/server';
import { UploadIdSchema, UPLOADS_PATH } from '../shared/center/index.ts';
import type { ReceivedBody } from './http.ts';

/** Set by the center on the request it hands to tus, after the signature named the unit; never taken from the client. */
const UNIT_HEADER = 'x-sealdesk-verified-unit';
const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

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
    const file = await open(join(this.directory, id), 'r+');
    try {
      for (let written = 0; written < size;) written += (await file.writev(unwritten(pieces, written), offset + written)).bytesWritten;
    } catch {
      throw ERRORS.FILE_WRITE_ERROR;
    } finally {
      await file.close();
    }
    return offset + size;
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
  /** SHA-256 of each upload's bytes so far, carried along while its chunks arrive in order in this process. */
  readonly #digests = new Map<string, RunningDigest>();

  constructor(readonly directory: string) {
    this.#files = new GatheringFileStore({ directory });
    this.#tus = new Server({
      path: UPLOADS_PATH,
      datastore: this.#files,
      maxSize: MAX_UPLOAD_BYTES,
      // What backs a received submission is evidence: once complete, no unit can take it back.
      disableTerminationForFinishedUploads: true,
      // A client that was killed mid-chunk resumes at once: tus would wait 3 s for the dead request's lock.
      lockDrainTimeout: 200,
      onUploadCreate: (req, upload) => Promise.resolve({ metadata: { ...upload.metadata, unit: req.headers.get(UNIT_HEADER) ?? '' } }),
      // Unknown and someone else's look the same, so a unit cannot probe for another unit's uploads.
      // A creation (POST) is asked about the id it is about to use, which nobody owns yet.
      onIncomingRequest: async (req, uploadId) => {
        if (req.method === 'POST') return;
        const upload = UploadIdSchema.safeParse(uploadId).success ? await this.#files.getUpload(uploadId).catch(() => null) : null;
        if (upload === null || upload.metadata?.['unit'] !== req.headers.get(UNIT_HEADER))
          throw { status_code: 404, body: JSON.stringify({ reason: 'not-found' }) };
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

  /** The verified body goes to tus as the pieces it arrived in: no copy of the chunk is made on the way to the file. */
  async handle(
    url: string,
    method: string,
    headers: Record<string, string>,
    body: ReceivedBody,
    unitId: string,
    digest: RunningDigest | null,
  ): Promise<Response> {
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
    if (method === 'PATCH') this.#followDigest(uploadIdOf(new URL(url).pathname), digest, body.size, response);
    return response;
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
