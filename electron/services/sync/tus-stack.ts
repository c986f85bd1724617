import { createHash } from 'node:crypto';
import {
  DetailedError,
  Upload,
  type FileSource,
  type HttpRequest,
  type HttpResponse,
  type HttpStack,
  type SliceResult,
} from 'tus-js-client';
import { UPLOAD_BLOCK_BYTES, UPLOADS_PATH } from '../../../shared/center/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { BlockDigests } from '../upload-digest/index.ts';
import { parseJson, rejection, type CenterLink, type Exchange } from './link.ts';

/**
 * A chunk is held in memory to be digested and signed before it is sent, so this bounds the upload's
 * memory. At 8 MB a chunk's signature, verification and round trip are some 5–10 % of its time (sync
 * bench), so larger chunks would gain little and cost memory on both sides; the center takes 16 MB.
 * A chunk is a block of the digest the submission names, so its Content-Digest serves both.
 */
const CENTER_CHUNK_BYTES = UPLOAD_BLOCK_BYTES;

/**
 * The envelope as it is encrypted, cut into chunks in two buffers that take turns: while one chunk is
 * signed and sent, the next is encrypted into the other and hashed for its Content-Digest, so
 * encryption and the wire overlap and neither waits for the other. tus asks for the next chunk only
 * once the center answered the last one, so the buffer a chunk was sent from is free again when the
 * chunk after next is written into it. The digest the submission names is made of the chunks'
 * digests, so each byte is hashed once. A resumed upload starts past bytes an earlier attempt sent:
 * they are encrypted and hashed again, not sent; an upload started over begins the envelope again.
 */
class EnvelopeSource implements FileSource {
  readonly #buffers: Buffer[] = [];
  #turn = 0;
  #next: { start: number; end: number; bytes: Promise<Uint8Array> } | null = null;
  /** Each chunk's SHA-256, taken as soon as it is made, for its Content-Digest. */
  readonly #digests = new WeakMap<Uint8Array, Buffer>();
  #pieces: AsyncIterator<Buffer>;
  /** Envelope bytes taken from `#pieces` so far, and those of them not yet in a chunk. */
  #position = 0;
  #left: Buffer = Buffer.alloc(0);
  #blocks: BlockDigests;

  constructor(
    private readonly envelope: () => AsyncIterable<Buffer>,
    readonly size: number,
    resuming: boolean,
  ) {
    this.#pieces = envelope()[Symbol.asyncIterator]();
    this.#blocks = new BlockDigests(size);
    this.#makeNext(0, resuming);
  }

  async slice(start: number, end: number): Promise<SliceResult> {
    const pending = this.#next;
    this.#next = null;
    let bytes: Uint8Array;
    if (pending?.start === start && pending.end === end) bytes = await pending.bytes;
    else {
      // A chunk still being made must not land in a buffer that is handed out again.
      await pending?.bytes.catch(() => undefined);
      bytes = await this.#chunk(start, end);
    }
    this.#makeNext(end, false);
    // The upload's size is declared when it is created, so tus needs no end-of-source signal.
    return { value: bytes, done: false };
  }

  /**
   * Starts making the chunk at `start` while the request before it is on the wire. The first one is
   * made while the upload is created or its offset asked for (HEAD): a resumed upload is usually past
   * it, but its bytes have to be encrypted and hashed on the way all the same, so only its digest,
   * of no use then, is left for the link to take if the chunk is sent after all.
   */
  #makeNext(start: number, resuming: boolean): void {
    if (start >= this.size) return;
    const end = Math.min(start + CENTER_CHUNK_BYTES, this.size);
    const next = { start, end, bytes: this.#chunk(start, end, !resuming) };
    // Its failure is reported when tus asks for that chunk, if it ever does.
    next.bytes.catch(() => undefined);
    this.#next = next;
  }

  digestOf(chunk: Uint8Array): Buffer | undefined {
    return this.#digests.get(chunk);
  }

  /**
   * The envelope's digest (SubmissionPart.blocksSha256) once tus is done: what it did not ask for (all
   * of it, when an earlier attempt had sent every byte) is made and hashed here, and the content read
   * to its end.
   */
  async blocksSha256(): Promise<string> {
    await this.#next?.bytes.catch(() => undefined);
    this.#blocks.update(this.#left, this.#position - this.#left.length);
    this.#left = Buffer.alloc(0);
    for (let rest = await this.#pieces.next(); rest.done !== true; rest = await this.#pieces.next()) {
      this.#blocks.update(rest.value, this.#position);
      this.#position += rest.value.length;
    }
    if (this.#position !== this.size) throw new AppError('INTERNAL', { detail: 'envelope longer than its upload' });
    return this.#blocks.digest();
  }

  /** tus closes its source when done; the envelope's stream is ended by `end` once the upload settles. */
  close(): void {}

  /** Ends the envelope's stream, whatever state it is in, so its file is closed even after a failed upload. */
  async end(): Promise<void> {
    await this.#next?.bytes.catch(() => undefined);
    await this.#pieces.return?.();
  }

  async #chunk(start: number, end: number, digest = true): Promise<Uint8Array> {
    if (start < this.#position - this.#left.length) this.#restart();
    const turn = this.#turn;
    this.#turn = 1 - turn;
    const buffer = (this.#buffers[turn] ??= Buffer.allocUnsafe(CENTER_CHUNK_BYTES));
    let filled = 0;
    for (let at = this.#position - this.#left.length; at < end;) {
      const piece = this.#left.length > 0 ? this.#left : await this.#piece();
      const skip = Math.max(0, start - at);
      const take = Math.min(piece.length, end - at);
      // Bytes an earlier attempt sent go into the digest only.
      if (skip > 0) this.#blocks.update(piece.subarray(0, Math.min(skip, take)), at);
      if (take > skip) filled += piece.copy(buffer, filled, skip, take);
      this.#left = piece.subarray(take);
      at += take;
    }
    const chunk = buffer.subarray(0, filled);
    const sha256 = digest ? createHash('sha256').update(chunk).digest() : null;
    if (sha256 !== null) this.#digests.set(chunk, sha256);
    if (sha256 === null || !this.#blocks.addBlock(start, filled, sha256)) this.#blocks.update(chunk, start);
    return chunk;
  }

  async #piece(): Promise<Buffer> {
    const { value, done } = await this.#pieces.next();
    // A shorter envelope than the upload declared would make tus send empty chunks for ever.
    if (done === true) throw new AppError('INTERNAL', { detail: 'envelope shorter than its upload' });
    this.#position += value.length;
    return value;
  }

  #restart(): void {
    void this.#pieces.return?.();
    this.#pieces = this.envelope()[Symbol.asyncIterator]();
    this.#position = 0;
    this.#left = Buffer.alloc(0);
    this.#blocks = new BlockDigests(this.size);
  }
}

class SignedResponse implements HttpResponse {
  constructor(private readonly exchange: Exchange) {}
  getStatus(): number {
    return this.exchange.status;
  }
  getHeader(header: string): string | undefined {
    return this.exchange.headers[header.toLowerCase()];
  }
  getBody(): string {
    return this.exchange.body.toString('utf8');
  }
  getUnderlyingObject(): Exchange {
    return this.exchange;
  }
}

class SignedRequest implements HttpRequest {
  readonly #headers: Record<string, string> = {};
  #onProgress: (bytesSent: number) => void = () => undefined;

  constructor(
    private readonly link: CenterLink,
    private readonly source: EnvelopeSource,
    private readonly method: string,
    private readonly url: string,
  ) {}

  getMethod(): string {
    return this.method;
  }
  getURL(): string {
    return this.url;
  }
  setHeader(header: string, value: string): void {
    this.#headers[header.toLowerCase()] = value;
  }
  getHeader(header: string): string | undefined {
    return this.#headers[header.toLowerCase()];
  }
  setProgressHandler(handler: (bytesSent: number) => void): void {
    this.#onProgress = handler;
  }
  async send(body: unknown): Promise<HttpResponse> {
    const bytes = body instanceof Uint8Array ? body : new Uint8Array();
    const headers = { 'content-type': 'application/offset+octet-stream', ...this.#headers };
    const response = new SignedResponse(await this.link.exchange(this.method, this.url, bytes, headers, this.source.digestOf(bytes)));
    this.#onProgress(bytes.length);
    return response;
  }
  abort(): Promise<void> {
    return Promise.resolve();
  }
  getUnderlyingObject(): null {
    return null;
  }
}

/** tus-js-client's transport, replaced so every tus request is signed and every response verified. */
class SignedHttpStack implements HttpStack {
  constructor(
    private readonly link: CenterLink,
    private readonly source: EnvelopeSource,
  ) {}
  createRequest(method: string, url: string): HttpRequest {
    return new SignedRequest(this.link, this.source, method, url);
  }
  getName(): string {
    return 'SealDeskSignedHttpStack';
  }
}

export interface UploadJob {
  /** The envelope's bytes, from the first; called again if the upload has to start over. */
  envelope(): AsyncIterable<Buffer>;
  size: number;
  /** Where a previous attempt got to; null starts a new upload. */
  uploadUrl: string | null;
  onUploadUrl(url: string): void;
  onProgress(sent: number): void;
}

/**
 * Sends one envelope with tus (resumable) while it is encrypted: a known `uploadUrl` continues from
 * the center's offset. Returns the upload's URL and the envelope's digest. Retries are the outbox's
 * job, with its own backoff.
 */
export async function uploadEnvelope(link: CenterLink, job: UploadJob): Promise<{ url: string; blocksSha256: string }> {
  const source = new EnvelopeSource(job.envelope, job.size, job.uploadUrl !== null);
  try {
    return await sendWithTus(link, job, source);
  } finally {
    await source.end();
  }
}

async function sendWithTus(link: CenterLink, job: UploadJob, source: EnvelopeSource): Promise<{ url: string; blocksSha256: string }> {
  const url = await new Promise<string>((resolve, reject) => {
    // tus hands its input only to `fileReader`; the input types it declares are those its own readers take.
    const upload: Upload = new Upload(source as unknown as Blob, {
      endpoint: link.url(UPLOADS_PATH),
      uploadUrl: job.uploadUrl,
      uploadSize: job.size,
      chunkSize: CENTER_CHUNK_BYTES,
      retryDelays: null,
      storeFingerprintForResuming: false,
      fileReader: { openFile: () => Promise.resolve(source) },
      httpStack: new SignedHttpStack(link, source),
      onUploadUrlAvailable: () => job.onUploadUrl(upload.url ?? ''),
      onProgress: (sent) => job.onProgress(sent),
      onSuccess: () => resolve(upload.url ?? ''),
      onError: (error) => reject(uploadError(error)),
    });
    upload.start();
  });
  return { url, blocksSha256: await source.blocksSha256() };
}

function uploadError(error: Error): AppError {
  if (error instanceof DetailedError) {
    if (error.causingError instanceof AppError) return error.causingError;
    const response = error.originalResponse;
    if (response !== null) return rejection(response.getStatus(), parseJson(Buffer.from(response.getBody(), 'utf8')));
  }
  return error instanceof AppError ? error : new AppError('INTERNAL', { detail: 'upload' }, { cause: error });
}
