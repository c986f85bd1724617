import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename } from 'node:path';
import { DOWNLOAD_PATH, WEB_SECRET_HEADER } from '../../shared/api/index.ts';
import { toWireError } from '../../shared/errors.ts';
import { openPdfFile } from '../services/pdf/index.ts';
import { isAllowedHost, sameSecret } from './auth.ts';

export function isDownloadRequest(request: IncomingMessage): boolean {
  return new URL(request.url ?? '/', 'http://localhost').pathname === DOWNLOAD_PATH;
}

/**
 * 下载 of a result: the page fetches `/download?path=…` with the launch secret in a header (which a
 * page of another origin cannot send without a preflight this server never allows), and gets the PDF's
 * bytes streamed, not carried through the API's small frames. Only PDFs, like the page viewer reads.
 */
export function serveDownload(request: IncomingMessage, response: ServerResponse, port: number, secret: string): void {
  const offered = request.headers[WEB_SECRET_HEADER];
  if (request.method !== 'GET' || !isAllowedHost(request, port) || typeof offered !== 'string' || !sameSecret(offered, secret)) {
    response.writeHead(403, { 'Cache-Control': 'no-store' }).end();
    return;
  }
  const path = new URL(request.url ?? '/', 'http://localhost').searchParams.get('path') ?? '';
  let opened: { fd: number; size: number };
  try {
    opened = openPdfFile(path);
  } catch (error) {
    response.writeHead(404, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(toWireError(error)));
    return;
  }
  response.writeHead(200, {
    'Content-Type': 'application/pdf',
    'Content-Length': opened.size,
    'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(basename(path))}`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  createReadStream('', { fd: opened.fd, start: 0 })
    .on('error', () => response.destroy())
    .pipe(response);
}
