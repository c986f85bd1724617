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

/** The trust verdict, and where the path broke: "not trusted: chain invalid (CN=…: not a CA)". */
export function describeTrust(locale: Locale, trust: Pick<SignatureReport['trust'], 'status' | 'failure'>): string {
  const status = translate(locale, `verify.trust.${trust.status}`);
  if (trust.failure === null) return status;
  const problem = translate(locale, `pathProblem.${trust.failure.problem}`);
  return translate(locale, 'verify.trust.failure', { status, subject: trust.failure.subject, problem });
}

export function describeRevocation(locale: Locale, signature: SignatureReport): string {
  return translate(locale, `verify.revocation.${signature.trust.revocation}`);
}
