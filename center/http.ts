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

/** Reads a request body up to `limit` bytes; a larger one is refused before it fills memory. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new Rejected('request-invalid', 413);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Rejected('request-invalid', 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function lowercaseHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

export function send(res: ServerResponse, reply: Reply, signed: Record<string, string>): void {
  res.writeHead(reply.status, { ...reply.headers, ...signed, 'content-length': String(reply.body.length) });
  res.end(reply.body);
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
