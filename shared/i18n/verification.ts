import type { Locale } from '../model/settings.ts';
import type { Change, DocumentReport, LegacyAlgorithm, SignatureReport } from '../model/verification.ts';
import { translate } from './index.ts';
import { formatDay } from './time.ts';

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

const HASH_NAMES: Readonly<Record<LegacyAlgorithm['hash'], string>> = { sha1: 'SHA-1' };

/** Why a deprecated hash was accepted, or null when the path holds none; the UI and the CLI say the same. */
export function describeLegacyAlgorithm(locale: Locale, trust: Pick<SignatureReport['trust'], 'legacyAlgorithm'>): string | null {
  const legacy = trust.legacyAlgorithm;
  if (legacy === null) return null;
  const params = { algorithm: HASH_NAMES[legacy.hash], date: formatDay(locale, legacy.deprecatedFrom) };
  return translate(locale, 'verify.trust.legacyAlgorithm', params);
}

/** Whether the signer was revoked, and when it was good, what embedded data said so and when; the UI and the CLI say the same. */
export function describeRevocation(locale: Locale, signature: SignatureReport, formatTime: (iso: string) => string): string {
  const { revocation, revocationEvidence: evidence } = signature.trust;
  if (revocation !== 'good' || evidence === null)
    return translate(locale, `verify.revocation.${revocation === 'revoked' ? 'revoked' : 'not-checked'}`);
  const source = translate(locale, `verify.revocationSource.${evidence.source}-${evidence.inDss ? 'dss' : 'signature'}`);
  return translate(locale, 'verify.revocation.good', { at: formatTime(evidence.checkedAt), source });
}

/** Changes a reader must hear about: anything but the signatures and validation data PAdES expects. */
function isNoteworthy(change: Change): boolean {
  return change.kind !== 'signature-added' && change.kind !== 'validation-data-added';
}

/** Whether the signed bytes are as signed, and if not why, in words; the UI and the CLI say the same. */
export function describeIntegrity(locale: Locale, signature: SignatureReport): string {
  const { intact, problems } = signature.integrity;
  if (intact) return translate(locale, 'verify.integrity.intact');
  const why = problems.map((problem) => translate(locale, `verify.integrityProblem.${problem}`));
  return translate(locale, 'verify.integrity.broken', { problems: why.join(locale === 'en' ? '; ' : '；') });
}

/** One sentence on what happened after a signature; the UI and the CLI say the same. */
export function describeChanges(locale: Locale, signature: SignatureReport): string {
  const changes = signature.laterChanges;
  if (!signature.changesPermitted) return translate(locale, 'verify.changes.notPermitted');
  const modified = changes.filter((c) => c.kind === 'modified').length;
  if (modified > 0) return translate(locale, 'verify.changes.modified', { count: modified });
  if (changes.some(isNoteworthy)) return translate(locale, 'verify.changes.permitted');
  if (changes.length === 0) return translate(locale, 'verify.changes.none');
  const validationData = changes.some((c) => c.kind === 'validation-data-added');
  return translate(locale, validationData ? 'verify.changes.validationDataAppended' : 'verify.changes.signaturesOnly');
}

/** Each change after a signature other than signatures and validation data: what, on which page, and how. */
export function describeChangeLines(locale: Locale, signature: SignatureReport): string[] {
  return signature.laterChanges.filter(isNoteworthy).map((change) => {
    const subject = translate(locale, `verify.changeWhat.${change.what}`);
    const what =
      change.pageIndex === null ? subject : translate(locale, 'verify.change.onPage', { what: subject, page: change.pageIndex + 1 });
    return translate(locale, 'verify.change.line', { what, kind: translate(locale, `verify.changeKind.${change.kind}`) });
  });
}

/** Each thing found damaged in the file, in words: why its cross-reference was rebuilt, a page tree that loops. */
export function describeDamage(locale: Locale, report: DocumentReport): string[] {
  return report.damage.map(({ kind, ...details }) =>
    translate(locale, 'verify.damage', { what: translate(locale, `pdf.damage.${kind}`, details) }),
  );
}

/** A final seal locks the document only as long as nothing was changed after it. */
export function describeLock(locale: Locale, report: DocumentReport): string | null {
  if (!report.locked) return null;
  return translate(locale, report.verdict === 'valid' ? 'verify.locked' : 'verify.lockBroken');
}
