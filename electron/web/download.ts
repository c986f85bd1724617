import { closeSync, createReadStream, fstatSync, openSync, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, dirname, extname } from 'node:path';
import { DOWNLOAD_PATH, WEB_SECRET_HEADER } from '../../shared/api/index.ts';
import { AppError, toWireError } from '../../shared/errors.ts';
import { openPdfFile } from '../services/pdf/index.ts';
import { isAllowedHost, sameSecret } from './auth.ts';

export function isDownloadRequest(request: IncomingMessage): boolean {
  return new URL(request.url ?? '/', 'http://localhost').pathname === DOWNLOAD_PATH;
}

/** The usage report's exports (审计's CSV and Excel workbook), served from the reports folder only. */
const EXPORT_TYPES: Readonly<Record<string, string>> = {
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * 下载 of a result: the page fetches `/download?path=…` with the launch secret in a header (which a
 * page of another origin cannot send without a preflight this server never allows), and gets the file's
 * bytes streamed, not carried through the API's small frames. PDFs, like the page viewer reads, and the
 * usage report's CSV and workbook in `reports`, where 审计 writes them.
 */
export function serveDownload(
  request: IncomingMessage,
  response: ServerResponse,
  { port, secret, reports }: { port: number; secret: string; reports: string },
): void {
  const offered = request.headers[WEB_SECRET_HEADER];
  if (request.method !== 'GET' || !isAllowedHost(request, port) || typeof offered !== 'string' || !sameSecret(offered, secret)) {
    response.writeHead(403, { 'Cache-Control': 'no-store' }).end();
    return;
  }
  const path = new URL(request.url ?? '/', 'http://localhost').searchParams.get('path') ?? '';
  let opened: { fd: number; size: number; type: string };
  try {
    opened = openDownload(path, reports);
  } catch (error) {
    response.writeHead(404, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(toWireError(error)));
    return;
  }
  response.writeHead(200, {
    'Content-Type': opened.type,
    'Content-Length': opened.size,
    'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(basename(path))}`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  createReadStream('', { fd: opened.fd, start: 0 })
    .on('error', () => response.destroy())
    .pipe(response);
}

function openDownload(path: string, reports: string): { fd: number; size: number; type: string } {
  const type = EXPORT_TYPES[extname(path).toLowerCase()];
  if (type === undefined) return { ...openPdfFile(path), type: 'application/pdf' };
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    // Resolved through links, and the file opened is the one found there: a name in the reports folder
    // that leads elsewhere is not served.
    const real = realpathSync(path);
    const [opened, found] = [fstatSync(fd), statSync(real)];
    if (dirname(real) !== realpathSync(reports) || opened.ino !== found.ino || opened.dev !== found.dev || !opened.isFile())
      throw new AppError('FILE_NOT_FOUND', { path });
    return { fd, size: opened.size, type };
  } catch (error) {
    if (fd !== null) closeSync(fd);
    throw error instanceof AppError ? error : new AppError('FILE_NOT_FOUND', { path }, { cause: error });
  }
}
