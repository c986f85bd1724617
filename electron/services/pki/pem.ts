import { AppError } from '../../../shared/errors.ts';

export function pemFromDer(der: Uint8Array, label = 'CERTIFICATE'): string {
  const body = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd();
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

/** Every PEM block of `label` in `text`, in order. */
export function derFromPem(text: string, label = 'CERTIFICATE'): Uint8Array[] {
  const pattern = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  const blocks = [...text.matchAll(pattern)].map((m) => new Uint8Array(Buffer.from((m[1] ?? '').replace(/\s/g, ''), 'base64')));
  if (blocks.length === 0) throw new AppError('CERT_PARSE_FAILED', { reason: 'no PEM block' });
  return blocks;
}
