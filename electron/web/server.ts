import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch, RequestFrameSchema, WEB_SOCKET_PATH, type ServerFrame } from '../../shared/api/index.ts';
import type { SealDeskApp } from '../services/app/index.ts';
import { reportsFolder } from '../services/audit/report-files.ts';
import { isAuthorizedUpgrade } from './auth.ts';
import { isDownloadRequest, serveDownload } from './download.ts';
import { LAUNCH_PATH, LaunchTokens } from './launch.ts';
import { serveStatic } from './static.ts';

/** Frames larger than this are not API calls; refusing them keeps a bad client from exhausting memory. */
const MAX_FRAME_BYTES = 1024 * 1024;

export interface WebShell {
  url: string;
  port: number;
  secret: string;
  /** A one-time URL for the browser that is swapped for the secret (never the secret on a command line). */
  launchUrl(): string;
  close(): Promise<void>;
}

export interface WebShellOptions {
  app: SealDeskApp;
  rendererDir: string;
  port?: number;
}

/** The same API as the desktop shell, on 127.0.0.1 only, over a WebSocket that requires the launch secret. */
export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const secret = randomBytes(24).toString('base64url');
  const launch = new LaunchTokens(secret);
  let port = 0;
  const server = createServer((request, response) => {
    if (targetOf(request) === null) response.writeHead(400, { Connection: 'close' }).end();
    else if (request.url?.split('?')[0] === LAUNCH_PATH) launch.answer(request, response);
    else if (isDownloadRequest(request))
      serveDownload(request, response, { port, secret, reports: reportsFolder(options.app.options.dataDir) });
    else serveStatic(options.rendererDir, request, response);
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  await listen(server, options.port ?? 0);
  port = (server.address() as AddressInfo).port;

  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy());
    const target = targetOf(request);
    if (target === null) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    if (target.pathname !== WEB_SOCKET_PATH || !isAuthorizedUpgrade(request, port, secret)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveClient(ws, options.app));
  });

  const unsubscribe = options.app.onEvent((event, payload) => {
    const frame = JSON.stringify({ type: 'event', event, payload } satisfies ServerFrame);
    for (const client of sockets.clients) client.send(frame);
  });

  return {
    url: `http://127.0.0.1:${port}/#secret=${secret}`,
    port,
    secret,
    launchUrl: () => launch.url(port),
    close: async () => {
      unsubscribe();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The request target as a URL; null for one the URL parser refuses (`http://[`, `//[`), which every
 * route would otherwise throw on, leaving the connection without an answer.
 */
function targetOf(request: IncomingMessage): URL | null {
  try {
    return new URL(request.url ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

function serveClient(ws: WebSocket, app: SealDeskApp): void {
  // ws closes the socket itself (1009 for an oversized frame, 1002 for a protocol error); without a
  // listener the error would be thrown as uncaught and stop the whole shell.
  ws.on('error', () => ws.terminate());
  ws.on('message', (data, isBinary) => {
    void answer(ws, app, isBinary ? null : data.toString());
  });
}

async function answer(ws: WebSocket, app: SealDeskApp, text: string | null): Promise<void> {
  const frame = RequestFrameSchema.safeParse(parseJson(text));
  if (!frame.success) {
    // Without a valid id there is no call to answer; the client learns of it through BAD_REQUEST on id -1.
    ws.send(JSON.stringify({ type: 'result', id: -1, ok: false, error: { code: 'BAD_REQUEST', params: {} } }));
    return;
  }
  const outcome = await dispatch(app.handlers, frame.data.method, frame.data.params);
  ws.send(JSON.stringify({ type: 'result', id: frame.data.id, ...outcome }));
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
