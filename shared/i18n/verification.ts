import type { Locale } from '../model/settings.ts';
import type { SignatureReport } from '../model/verification.ts';
import { translate } from './index.ts';

/** The PAdES level and what proves the signing time, in one sentence; the UI and the CLI say the same. */
export function describeTimestamp(locale: Locale, signature: SignatureReport, formatTime: (iso: string) => string): string {
  const stamp = signature.timestamp;
  const level = signature.level;
  if (stamp === null) return translate(locale, 'verify.level.noTimestamp', { level });
  if (!stamp.intact) return translate(locale, 'verify.level.brokenTimestamp', { level });
  const params = { level, time: stamp.time === null ? '-' : formatTime(stamp.time), authority: stamp.authorityName };
  return translate(locale, stamp.trust === 'trusted' ? 'verify.level.timestamped' : 'verify.level.untrustedTimestamp', params);
}

export function describeRevocation(locale: Locale, signature: SignatureReport): string {
  return translate(locale, `verify.revocation.${signature.trust.revocation}`);
}
