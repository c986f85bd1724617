import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

async function bodyOf(message: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A man in the middle in front of the center: it relays every request as it came (Host included),
 * except that, once armed, it flips one bit of the last body byte of the next request `matches`
 * picks. Everything else, answers included, passes untouched.
 */
export async function tamperingRelay(target: () => string): Promise<{
  url: string;
  arm(matches: (method: string, path: string) => boolean): void;
  tampered(): number;
  close(): Promise<void>;
}> {
  let armed: ((method: string, path: string) => boolean) | null = null;
  let tampered = 0;
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const body = await bodyOf(incoming);
      const method = incoming.method ?? 'GET';
      const path = incoming.url ?? '/';
      if (armed?.(method, path) === true && body.length > 0) {
        armed = null;
        tampered += 1;
        body[body.length - 1] = (body[body.length - 1] ?? 0) ^ 1;
      }
      const upstream = request(new URL(path, target()), { method, headers: incoming.headers }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      upstream.on('error', () => outgoing.destroy());
      upstream.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arm: (matches) => (armed = matches),
    tampered: () => tampered,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
