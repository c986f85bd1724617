import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Rejected } from './auth.ts';

export interface Reply {
  status: number;
  contentType: string;
  body: Buffer;
  /** tus protocol headers passed through (Location, Upload-Offset…). */
  headers?: Record<string, string>;
}

export function jsonReply(value: unknown, status = 200): Reply {
  return { status, contentType: 'application/json', body: Buffer.from(JSON.stringify(value), 'utf8') };
}

/**
 * A request body as it arrived: the socket's pieces, never copied into one buffer (a fresh 8 MB
 * allocation costs more than hashing it), and their SHA-256, taken while they arrived.
 */
export interface ReceivedBody {
  pieces: Buffer[];
  size: number;
  sha256: Buffer;
}

/**
 * Receives a request body up to `limit` bytes; a larger one is refused before it fills memory.
 * `onPiece` takes each piece as it arrives (an upload chunk written meanwhile), and the pieces are
 * then not kept in the body.
 */
export async function receiveBody(
  req: IncomingMessage,
  limit: number,
  onPiece?: (piece: Buffer, at: number) => void,
): Promise<ReceivedBody> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new Rejected('request-invalid', 413);
  const pieces: Buffer[] = [];
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const piece of req) {
      size += (piece as Buffer).length;
      if (size > limit) throw new Rejected('request-invalid', 413);
      hash.update(piece as Buffer);
      if (onPiece === undefined) pieces.push(piece as Buffer);
      else onPiece(piece as Buffer, size - (piece as Buffer).length);
    }
  } catch (error) {
    // A body cut off (the client went away, a broken chunked encoding) is the client's fault, not ours.
    throw error instanceof Rejected ? error : new Rejected('request-invalid', 400, 'request body incomplete');
  }
  return { pieces, size, sha256: hash.digest() };
}

/**
 * A body from someone who has proved nothing yet (an enrolment, a PKI query): small, and it must
 * arrive within `deadlineMs`, or the request is refused (408) instead of holding a connection open.
 */
export async function receiveUnauthenticatedBody(req: IncomingMessage, limit: number, deadlineMs: number): Promise<ReceivedBody> {
  const timer = setTimeout(() => req.emit('error', new Rejected('request-invalid', 408, 'request body too slow')), deadlineMs);
  try {
    return await receiveBody(req, limit);
  } finally {
    clearTimeout(timer);
  }
}

/** A small unauthenticated body (a PKI query) in one buffer. */
export async function readBody(req: IncomingMessage, limit: number, deadlineMs: number): Promise<Buffer> {
  return Buffer.concat((await receiveUnauthenticatedBody(req, limit, deadlineMs)).pieces);
}

export function lowercaseHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** `close`: the request's body was not read, so the connection cannot carry another request. */
export function send(res: ServerResponse, reply: Reply, signed: Record<string, string>, options: { close: boolean }): void {
  const connection = options.close ? { connection: 'close' } : {};
  res.writeHead(reply.status, { ...reply.headers, ...signed, ...connection, 'content-length': String(reply.body.length) });
  res.end(reply.body);
}

/**
 * The request target in origin form (`/path?query`), the only form this API takes: `//host/…`
 * would make the URL parser read a host, and anything not starting with `/` (absolute or `*`) is
 * not for us. Both are 400.
 */
export function requestPath(target: string | undefined): string {
  if (target === undefined || !target.startsWith('/') || target.startsWith('//')) throw new Rejected('request-invalid', 400);
  return target;
}

/** The tus response as a reply, keeping the protocol headers the client needs. */
export async function tusReply(response: Response): Promise<Reply> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'content-type' && name !== 'content-length') headers[name] = value;
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? 'text/plain',
    body: Buffer.from(await response.arrayBuffer()),
    headers,
  };
}
