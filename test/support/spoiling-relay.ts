import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * An HTTP relay in front of the center that answers the first `spoil` requests for `path` itself with
 * bytes that are not what the center would say (a broken responder), and relays everything else.
 */
export async function spoilingRelay(target: string, path: string, spoil: number): Promise<{ url: string; close: () => Promise<void> }> {
  let left = spoil;
  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await bodyOf(request);
      if (request.url === path && left > 0) {
        left -= 1;
        response.writeHead(200, { 'content-type': 'application/octet-stream' }).end('not what the center said');
        return;
      }
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'host')) as Record<string, string>;
      const upstream = await fetch(new URL(request.url ?? '/', target), {
        method: request.method ?? 'GET',
        headers,
        ...(body.length > 0 ? { body: new Uint8Array(body) } : {}),
      });
      const relayed = [...upstream.headers].filter(([name]) => !['transfer-encoding', 'content-encoding'].includes(name));
      response.writeHead(upstream.status, Object.fromEntries(relayed)).end(Buffer.from(await upstream.arrayBuffer()));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
