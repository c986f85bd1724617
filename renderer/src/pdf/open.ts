import { getDocument, GlobalWorkerOptions, PDFDataRangeTransport, PDFWorker, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { PDF_RANGE_MAX_BYTES } from '../../../shared/api/index.ts';
import type { ApiClient } from '../api/client.ts';

GlobalWorkerOptions.workerSrc = workerUrl;

const FIRST_READ_BYTES = 256 * 1024;

let sharedWorker: PDFWorker | null = null;

/**
 * One pdf.js worker for every document the app opens, started when the app is first idle: without it each
 * preview fetched and started its own 1.2 MB worker, most of a first page's 1.3 s. Passed to getDocument,
 * it outlives the documents (pdf.js destroys only the workers it made itself).
 */
export function pdfWorker(): PDFWorker {
  if (sharedWorker === null || sharedWorker.destroyed) sharedWorker = new PDFWorker();
  return sharedWorker;
}

function bytesOf(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** pdf.js asks for byte ranges; they come from the file through the API, so a 200 MB PDF is never loaded whole. */
class ApiRangeTransport extends PDFDataRangeTransport {
  constructor(
    private readonly api: ApiClient,
    private readonly path: string,
    size: number,
    initial: Uint8Array,
    private readonly onError: (error: unknown) => void,
  ) {
    super(size, initial);
  }

  override requestDataRange(begin: number, end: number): void {
    this.#read(begin, end).catch(this.onError);
  }

  async #read(begin: number, end: number): Promise<void> {
    for (let offset = begin; offset < end; offset += PDF_RANGE_MAX_BYTES) {
      const length = Math.min(PDF_RANGE_MAX_BYTES, end - offset);
      const { base64 } = await this.api.call('documents.read', { path: this.path, offset, length });
      this.onDataRange(offset, bytesOf(base64));
    }
  }
}

/** Opens a PDF on the user's disk for viewing; errors (not a PDF, missing) come back typed from the first read. */
export async function openPdf(api: ApiClient, path: string): Promise<PDFDocumentProxy> {
  const first = await api.call('documents.read', { path, offset: 0, length: FIRST_READ_BYTES });
  let failure: unknown = null;
  const transport = new ApiRangeTransport(api, path, first.size, bytesOf(first.base64), (error) => {
    failure = error;
    void task.destroy();
  });
  const task = getDocument({ ...viewerOptions(), range: transport, disableAutoFetch: true, disableStream: true });
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
