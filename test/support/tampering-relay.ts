import { createServer, request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

async function bodyOf(message: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A message as the relay holds it: what a man in the middle may change before passing it on. */
export interface Intercepted {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What to do to the next matching exchange: change the request, change the answer, or swallow the answer. */
export interface Tampering {
  request?: (request: Intercepted) => void;
  answer?: (answer: Intercepted & { status: number }) => void;
  /** The center gets the request and answers; the client gets its connection closed. */
  dropAnswer?: boolean;
}

/** Flips one bit of the last body byte. */
export const flipLastByte = (message: Intercepted): void => {
  message.body[message.body.length - 1] = (message.body[message.body.length - 1] ?? 0) ^ 1;
};

/**
 * A man in the middle in front of the center: it relays every request as it came (Host included),
 * except that, once armed, it tampers with the next exchange `matches` picks (by default it flips one
 * bit of the last body byte of a request that has a body). Everything else passes untouched.
 */
export async function tamperingRelay(target: () => string): Promise<{
  url: string;
  arm(matches: (method: string, path: string) => boolean, tampering?: Tampering): void;
  tampered(): number;
  close(): Promise<void>;
}> {
  let armed: { matches: (method: string, path: string) => boolean; tampering: Tampering } | null = null;
  let tampered = 0;
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const sent: Intercepted = { headers: { ...incoming.headers }, body: await bodyOf(incoming) };
      const method = incoming.method ?? 'GET';
      const path = incoming.url ?? '/';
      const picked = armed?.matches(method, path) === true ? armed.tampering : null;
      // Flipping a byte needs a body: a GET before the chunk leaves the relay armed.
      const tampering = picked !== null && (picked.request !== flipLastByte || sent.body.length > 0) ? picked : null;
      if (tampering !== null) {
        armed = null;
        tampered += 1;
        tampering.request?.(sent);
      }
      const upstream = request(new URL(path, target()), { method, headers: sent.headers }, (answer) => {
        void (async () => {
          const got = { status: answer.statusCode ?? 502, headers: { ...answer.headers }, body: await bodyOf(answer) };
          if (tampering?.dropAnswer === true) {
            outgoing.destroy();
            return;
          }
          tampering?.answer?.(got);
          delete got.headers['transfer-encoding'];
          outgoing.writeHead(got.status, { ...got.headers, 'content-length': String(got.body.length) });
          outgoing.end(got.body);
        })();
      });
      upstream.on('error', () => outgoing.destroy());
      upstream.end(sent.body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arm: (matches, tampering = { request: flipLastByte }) => (armed = { matches, tampering }),
    tampered: () => tampered,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
