import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { DetailedError, Upload, type HttpRequest, type HttpResponse, type HttpStack } from 'tus-js-client';
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
 * One buffer per upload that every chunk is read into: a fresh chunk-sized allocation per request
 * (Buffer.concat) costs page faults worth more than hashing and sending it. tus sends one chunk at a
 * time and waits for its answer, so the buffer is free again when the next chunk is read.
 */
class ChunkBuffer {
  #bytes: Buffer | null = null;

  async fill(body: unknown): Promise<Uint8Array> {
    if (body === null || body === undefined) return new Uint8Array();
    if (body instanceof Uint8Array) return body;
    this.#bytes ??= Buffer.allocUnsafe(CENTER_CHUNK_BYTES);
    let size = 0;
    for await (const piece of body as Readable) {
      // Buffer.copy would cut a longer chunk short without a word.
      if (size + (piece as Buffer).length > this.#bytes.length) throw new AppError('INTERNAL', { detail: 'tus chunk over its size' });
      size += (piece as Buffer).copy(this.#bytes, size);
    }
    return this.#bytes.subarray(0, size);
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
    private readonly chunk: ChunkBuffer,
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
    const bytes = await this.chunk.fill(body);
    const headers = { 'content-type': 'application/offset+octet-stream', ...this.#headers };
    const response = new SignedResponse(await this.link.exchange(this.method, this.url, bytes, headers));
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
  readonly #chunk = new ChunkBuffer();
  constructor(private readonly link: CenterLink) {}
  createRequest(method: string, url: string): HttpRequest {
    return new SignedRequest(this.link, this.#chunk, method, url);
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
export function uploadFile(link: CenterLink, job: UploadJob): Promise<string> {
  return new Promise((resolve, reject) => {
    const upload: Upload = new Upload(createReadStream(job.path), {
      endpoint: link.url(UPLOADS_PATH),
      uploadUrl: job.uploadUrl,
      uploadSize: job.size,
      chunkSize: CENTER_CHUNK_BYTES,
      retryDelays: null,
      storeFingerprintForResuming: false,
      httpStack: new SignedHttpStack(link),
      onUploadUrlAvailable: () => job.onUploadUrl(upload.url ?? ''),
      onProgress: (sent) => job.onProgress(sent),
      onSuccess: () => resolve(upload.url ?? ''),
      onError: (error) => reject(uploadError(error)),
    });
    upload.start();
  });
}

function uploadError(error: Error): AppError {
  if (error instanceof DetailedError) {
    if (error.causingError instanceof AppError) return error.causingError;
    const response = error.originalResponse;
    if (response !== null) return rejection(response.getStatus(), parseJson(Buffer.from(response.getBody(), 'utf8')));
  }
  return error instanceof AppError ? error : new AppError('INTERNAL', { detail: 'upload' }, { cause: error });
}
