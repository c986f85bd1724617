import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { WEB_SECRET_PROTOCOL_PREFIX } from '../../shared/api/index.ts';

/**
 * A WebSocket upgrade is accepted only from this server's own page: Host and Origin must name the
 * loopback address and port we listen on (defeats DNS rebinding and cross-site pages), and the
 * per-launch secret must be offered as a subprotocol.
 */
export function isAuthorizedUpgrade(request: IncomingMessage, port: number, secret: string): boolean {
  if (!isAllowedHost(request, port)) return false;
  const origin = request.headers.origin ?? '';
  if (!allowedHosts(port).some((host) => origin === `http://${host}`)) return false;
  return offeredSecrets(request).some((offered) => sameSecret(offered, secret));
}

function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** The request names the loopback address and port we listen on: a rebound DNS name never does. */
export function isAllowedHost(request: IncomingMessage, port: number): boolean {
  return allowedHosts(port).includes(request.headers.host ?? '');
}

function offeredSecrets(request: IncomingMessage): string[] {
  return (request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.startsWith(WEB_SECRET_PROTOCOL_PREFIX))
    .map((p) => p.slice(WEB_SECRET_PROTOCOL_PREFIX.length));
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
