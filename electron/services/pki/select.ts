import { AppError } from '../../../shared/errors.ts';

export interface Selectable {
  label: string;
  fingerprintSha256: string;
}

/** A selector is an object label or a SHA-256 fingerprint (colons allowed) or a unique hex prefix of one. */
export function selectCertificate<T extends Selectable>(candidates: readonly T[], selector: string): T {
  const byLabel = candidates.filter((c) => c.label === selector);
  if (byLabel.length === 1 && byLabel[0] !== undefined) return byLabel[0];
  const hex = selector.replace(/:/g, '').toLowerCase();
  const byFingerprint = /^[0-9a-f]{4,64}$/.test(hex) ? candidates.filter((c) => c.fingerprintSha256.startsWith(hex)) : [];
  const matches = byLabel.length > 1 ? byLabel : byFingerprint;
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  if (matches.length > 1) throw new AppError('CERT_AMBIGUOUS', { selector, count: matches.length });
  throw new AppError('CERT_NOT_FOUND', { selector });
}
