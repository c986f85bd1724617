import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const LAUNCH_PATH = '/launch';
/** Long enough for a browser to start, short enough that a token seen on a command line is soon worthless. */
const LAUNCH_TOKEN_MS = 60_000;

/**
 * Hands the launch secret to the browser without putting it on a command line (where `ps` shows it to
 * every local user): the browser is opened on `/launch?token=…`, a token that works once, within a
 * minute, and is swapped for a redirect to the page with the secret in its fragment.
 */
export class LaunchTokens {
  #token: Buffer | null = null;
  #expiresAt = 0;

  constructor(private readonly secret: string) {}

  /** The URL to open the browser on; every call makes a new token and voids the previous one. */
  url(port: number): string {
    this.#token = randomBytes(24);
    this.#expiresAt = Date.now() + LAUNCH_TOKEN_MS;
    return `http://127.0.0.1:${port}${LAUNCH_PATH}?token=${this.#token.toString('base64url')}`;
  }

  /** Answers a request for LAUNCH_PATH: 303 to the page with the secret, once; 403 otherwise. */
  answer(request: IncomingMessage, response: ServerResponse): void {
    const offered = Buffer.from(new URL(request.url ?? '/', 'http://localhost').searchParams.get('token') ?? '', 'base64url');
    const expected = this.#token;
    const valid =
      expected !== null && Date.now() < this.#expiresAt && offered.length === expected.length && timingSafeEqual(offered, expected);
    const headers = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };
    if (!valid) {
      response.writeHead(403, headers).end();
      return;
    }
    this.#token = null;
    response.writeHead(303, { ...headers, Location: `/#secret=${this.secret}` }).end();
  }
}
