import { getDocument, GlobalWorkerOptions, PDFDataRangeTransport, PDFWorker, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { PDF_RANGE_MAX_BYTES } from '../../../shared/api/index.ts';
import { bytesFromBase64 } from '../api/base64.ts';
import type { ApiClient } from '../api/client.ts';

GlobalWorkerOptions.workerSrc = workerUrl;

/** pdf.js's range size: the tail prefetched below is made of these, so that pdf.js's requests fall inside it. */
const RANGE_CHUNK_BYTES = 64 * 1024;
const FIRST_READ_BYTES = 4 * RANGE_CHUNK_BYTES;

let sharedWorker: PDFWorker | null = null;

/**
 * One pdf.js worker for every document the app opens, started with the app: without it each
 * preview fetched and started its own 1.2 MB worker, most of a first page's 1.3 s. Passed to getDocument,
 * it outlives the documents (pdf.js destroys only the workers it made itself).
 */
export function pdfWorker(): PDFWorker {
  if (sharedWorker === null || sharedWorker.destroyed) sharedWorker = new PDFWorker();
  return sharedWorker;
}

/** pdf.js asks for byte ranges; they come from the file through the API, so a 200 MB PDF is never loaded whole. */
class ApiRangeTransport extends PDFDataRangeTransport {
  /**
   * The file's last two chunks, asked for as soon as its size is known: pdf.js reads the end first (startxref,
   * the trailer, usually the cross-reference table), and would otherwise ask only once the worker has looked
   * at the first read, one more round trip before the first page.
   */
  readonly #tail: { begin: number; bytes: Promise<Uint8Array> } | null;

  constructor(
    private readonly api: ApiClient,
    private readonly path: string,
    size: number,
    initial: Uint8Array,
    private readonly onError: (error: unknown) => void,
  ) {
    super(size, initial);
    const begin = Math.max(initial.length, (Math.ceil(size / RANGE_CHUNK_BYTES) - 2) * RANGE_CHUNK_BYTES);
    const bytes = begin < size ? this.#read(begin, size) : null;
    // Failing here is reported only if pdf.js asks for these bytes.
    bytes?.catch(() => undefined);
    this.#tail = bytes && { begin, bytes };
  }

  override requestDataRange(begin: number, end: number): void {
    const tail = this.#tail;
    const bytes =
      tail !== null && begin >= tail.begin
        ? tail.bytes.then((b) => b.subarray(begin - tail.begin, end - tail.begin))
        : this.#read(begin, end);
    // pdf.js takes one answer per request, starting where the request did.
    bytes.then((b) => this.onDataRange(begin, b), this.onError);
  }

  async #read(begin: number, end: number): Promise<Uint8Array> {
    const whole = new Uint8Array(end - begin);
    for (let offset = begin; offset < end; offset += PDF_RANGE_MAX_BYTES) {
      const length = Math.min(PDF_RANGE_MAX_BYTES, end - offset);
      const { base64 } = await this.api.call('documents.read', { path: this.path, offset, length });
      const bytes = bytesFromBase64(base64);
      whole.set(bytes, offset - begin);
      // A file cut short since it was opened: what is there, for pdf.js to report as damage.
      if (bytes.length < length) return whole.subarray(0, offset - begin + bytes.length);
    }
    return whole;
  }
}

/** Opens a PDF on the user's disk for viewing; errors (not a PDF, missing) come back typed from the first read. */
export async function openPdf(api: ApiClient, path: string): Promise<PDFDocumentProxy> {
  const first = await api.call('documents.read', { path, offset: 0, length: FIRST_READ_BYTES });
  let failure: unknown = null;
  const transport = new ApiRangeTransport(api, path, first.size, bytesFromBase64(first.base64), (error) => {
    failure = error;
    void task.destroy();
  });
  const task = getDocument({
    ...viewerOptions(),
    range: transport,
    rangeChunkSize: RANGE_CHUNK_BYTES,
    disableAutoFetch: true,
    disableStream: true,
  });
  try {
    return await task.promise;
  } catch (error) {
    throw failure ?? error;
  }
}

/** A PDF already in memory (an attachment kept in the encrypted store), opened the same way. */
export function openPdfBytes(data: Uint8Array): Promise<PDFDocumentProxy> {
  return getDocument({ ...viewerOptions(), data }).promise;
}

/** The shared worker; no eval (the CSP forbids it); fonts and character maps from the app's own files. */
function viewerOptions() {
  const assets = new URL('./pdfjs/', document.baseURI).href;
  return {
    worker: pdfWorker(),
    isEvalSupported: false,
    cMapUrl: `${assets}cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${assets}standard_fonts/`,
  };
}
