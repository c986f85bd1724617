import { createHash, timingSafeEqual } from 'node:crypto';

/** Content-Digest (RFC 9530) with SHA-256, over a body held in memory or hashed while it streams. */
export function contentDigest(body: Uint8Array | string): string {
  return formatDigest(createHash('sha256').update(body).digest());
}

export function formatDigest(sha256: Uint8Array): string {
  return `sha-256=:${Buffer.from(sha256).toString('base64')}:`;
}

/** Whether a Content-Digest field names this SHA-256; other algorithms in the field are ignored. */
export function digestMatches(field: string | undefined, sha256: Uint8Array): boolean {
  const match = /(?:^|,)\s*sha-256=:([A-Za-z0-9+/=]+):/.exec(field ?? '');
  if (!match?.[1]) return false;
  const claimed = Buffer.from(match[1], 'base64');
  return claimed.length === sha256.length && timingSafeEqual(claimed, sha256);
}
