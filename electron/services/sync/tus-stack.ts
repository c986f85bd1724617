import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import {
  DetailedError,
  Upload,
  type FileSource,
  type HttpRequest,
  type HttpResponse,
  type HttpStack,
  type SliceResult,
} from 'tus-js-client';
import { UPLOADS_PATH } from '../../../shared/center/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { parseJson, rejection, type CenterLink, type Exchange } from './link.ts';

/**
 * A chunk is held in memory to be digested and signed before it is sent, so this bounds the upload's
 * memory. At 8 MB a chunk's signature, verification and round trip are some 5–10 % of its time (sync
 * bench), so larger chunks would gain little and cost memory on both sides; the center takes 16 MB.
 */
const CENTER_CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * The envelope read chunk by chunk into two buffers that take turns: while one chunk is signed and
 * sent, the next is read into the other and hashed for its Content-Digest, so neither waits for the
 * wire. tus asks for the next chunk only once the center answered the last one, so the
 * buffer a chunk was sent from is free again when the chunk after next is read into it. One whole
 * read per chunk: a fresh chunk-sized allocation per request would cost page faults worth more than
 * hashing and sending it.
 */
class PrefetchingFile implements FileSource {
  readonly #buffers: Buffer[] = [];
  #turn = 0;
  #next: { start: number; end: number; bytes: Promise<Uint8Array> } | null = null;
  /** Each chunk's SHA-256, taken as soon as it is read, for its Content-Digest. */
  readonly #digests = new WeakMap<Uint8Array, Buffer>();

  constructor(
    private readonly file: FileHandle,
    readonly size: number,
  ) {}

  async slice(start: number, end: number): Promise<SliceResult> {
    const pending = this.#next;
    this.#next = null;
    let bytes: Uint8Array;
    if (pending?.start === start && pending.end === end) bytes = await pending.bytes;
    else {
      // A read still in flight must not land in a buffer that is handed out again.
      await pending?.bytes.catch(() => undefined);
      bytes = await this.#read(start, end);
    }
    if (end < this.size) {
      const nextEnd = Math.min(end + CENTER_CHUNK_BYTES, this.size);
      const next = { start: end, end: nextEnd, bytes: this.#read(end, nextEnd) };
      // Its failure is reported when tus asks for that chunk, if it ever does.
      next.bytes.catch(() => undefined);
      this.#next = next;
    }
    // The upload's size is declared when it is created, so tus needs no end-of-source signal.
    return { value: bytes, done: false };
  }

  digestOf(chunk: Uint8Array): Buffer | undefined {
    return this.#digests.get(chunk);
  }

  /** The file is closed by uploadFile once the upload settles, whichever way. */
  close(): void {}

  async #read(start: number, end: number): Promise<Uint8Array> {
    const turn = this.#turn;
    this.#turn = 1 - turn;
    const buffer = (this.#buffers[turn] ??= Buffer.allocUnsafe(CENTER_CHUNK_BYTES));
    let filled = 0;
    while (filled < end - start) {
      const { bytesRead } = await this.file.read(buffer, filled, end - start - filled, start + filled);
      // A shorter file than the upload declared would make tus send empty chunks for ever.
      if (bytesRead === 0) throw new AppError('INTERNAL', { detail: 'envelope shorter than its upload' });
      filled += bytesRead;
    }
    const chunk = buffer.subarray(0, filled);
    this.#digests.set(chunk, createHash('sha256').update(chunk).digest());
    return chunk;
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
    private readonly source: PrefetchingFile,
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
    private readonly source: PrefetchingFile,
  ) {}
  createRequest(method: string, url: string): HttpRequest {
    return new SignedRequest(this.link, this.source, method, url);
  }
  getName(): string {
    return 'SealDeskSignedHttpStack';
  }
}

export interface UploadJob {
  path: string;
  size: number;
  /** Where a previous attempt got to; null starts a new upload. */
  uploadUrl: string | null;
  onUploadUrl(url: string): void;
  onProgress(sent: number): void;
}

/**
 * Sends one envelope with tus (resumable): a known `uploadUrl` continues from the center's offset.
 * Returns the upload's URL. Retries are the outbox's job, with its own backoff.
 */
export async function uploadFile(link: CenterLink, job: UploadJob): Promise<string> {
  const file = await open(job.path, 'r');
  const source = new PrefetchingFile(file, job.size);
  try {
    return await new Promise((resolve, reject) => {
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
  } finally {
    await file.close();
  }
}

function uploadError(error: Error): AppError {
  if (error instanceof DetailedError) {
    if (error.causingError instanceof AppError) return error.causingError;
    const response = error.originalResponse;
    if (response !== null) return rejection(response.getStatus(), parseJson(Buffer.from(response.getBody(), 'utf8')));
  }
  return error instanceof AppError ? error : new AppError('INTERNAL', { detail: 'upload' }, { cause: error });
}
