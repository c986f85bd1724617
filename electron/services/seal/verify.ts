import { AppError } from '../../../shared/errors.ts';
import type { CertificateDetails } from '../../../shared/model/certificate.ts';
import type { Approver } from '../../../shared/model/settings.ts';
import type {
  ChangeKind,
  DocumentReport,
  LegacyAlgorithm,
  SignatureReport,
  SignatureRole,
  SkippedCertificate,
  VerificationVerdict,
} from '../../../shared/model/verification.ts';
import {
  digestFile,
  PdfDocument,
  pageTreeCycle,
  planInspection,
  type SpanDigest,
  type InspectedSignature,
  type InspectedTimestamp,
  type Permission,
  type ValidationData,
} from '../pdf/index.ts';
import {
  describeCertificate,
  evaluateTrust,
  hashAllowed,
  legacyHashAllowed,
  type HashName,
  type RevocationAnswer,
  type TrustOptions,
  type TrustResult,
} from '../pki/index.ts';
import { isAuthorisedApprover } from './approvers.ts';

export interface VerificationPolicy {
  trustedRoots: readonly Uint8Array[];
  /** Roots given that did not parse: the report names them. */
  skippedRoots?: readonly SkippedCertificate[];
  approvers: readonly Approver[];
}

const RESTRICTIVENESS: Readonly<Record<Permission, number>> = { none: 0, 'certify-3': 1, 'certify-2': 2, 'certify-1': 3, lock: 3 };

/** Opens a PDF and reports each signature: integrity, trust, later changes and the approval rule. */
export async function verifyDocument(path: string, policy: VerificationPolicy): Promise<DocumentReport> {
  const document = PdfDocument.open(path);
  try {
    const check = documentCheck(document, policy);
    const { digests } = await digestFile(document.path, document.size, check.digests);
    return await check.report(digests);
  } finally {
    document.close();
  }
}

/** The verification of an open document, split where the file is hashed so that signing can take the digests in its own pass. */
export interface DocumentCheck {
  digests: readonly SpanDigest[];
  report(digests: readonly Uint8Array[]): Promise<DocumentReport>;
}

export function documentCheck(document: PdfDocument, policy: VerificationPolicy): DocumentCheck {
  const inspection = asDamage(() => planInspection(document));
  return {
    digests: inspection.digests,
    async report(digests) {
      const inspected = asDamage(() => inspection.finish(digests));
      const checked: Checked[] = [];
      let inForce: Permission = 'none';
      for (const signature of inspected.signatures) {
        if (RESTRICTIVENESS[signature.permission] > RESTRICTIVENESS[inForce]) inForce = signature.permission;
        const found = document.repair === 'xref-rebuilt' ? withUntraceableChanges(signature, document.size) : signature;
        checked.push(reportFor(found, inForce, checked, policy, { size: document.size, dss: inspected.dss }));
      }
      const reports = checked.map((c) => c.report);
      const cycle = asDamage(() => pageTreeCycle(document));
      return {
        path: document.path,
        size: document.size,
        pageCount: inspected.pageCount,
        signatures: reports,
        verdict: verdictOf(reports),
        approval: reports.length === 0 ? null : approvalBefore(checked, policy),
        locked: reports.some((r) => r.permission === 'lock' || r.permission === 'certify-1'),
        repaired: document.repair,
        skippedCertificates: [...(policy.skippedRoots ?? []), ...checked.flatMap((c) => c.skipped)],
        damage: cycle === null ? [...document.damage] : [...document.damage, cycle],
      };
    },
  };
}

/** Damage deeper than the cross-reference table surfaces while objects are read; it is still damage. */
function asDamage<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw error instanceof AppError ? error : new AppError('PDF_CORRUPT', { detail: 'unreadable object' }, { cause: error });
  }
}

/**
 * A rebuilt cross-reference has no revisions to compare, so whatever follows a signature's bytes cannot
 * be shown harmless: it counts as a modification rather than passing unseen.
 */
function withUntraceableChanges(signature: InspectedSignature, size: number): InspectedSignature {
  if (signature.revisionEnd >= size) return signature;
  return {
    ...signature,
    laterChanges: [...signature.laterChanges, { kind: 'modified', object: 0, what: 'structure-rebuilt', pageIndex: null }],
  };
}

interface Checked {
  report: SignatureReport;
  signer: CertificateDetails | null;
  /** Certificates the signature carried that did not parse. */
  skipped: SkippedCertificate[];
}

function reportFor(
  signature: InspectedSignature,
  inForce: Permission,
  earlier: readonly Checked[],
  policy: VerificationPolicy,
  { size, dss }: { size: number; dss: ValidationData | null },
): Checked {
  const details = signature.signerCertificate === null ? null : describeCertificate(signature.signerCertificate);
  const isTimestamp = signature.kind === 'document-timestamp';
  const role = isTimestamp ? 'timestamp' : roleOf(details?.kind, signature.permission);
  const stamp = timestampCheck(signature.timestamp, policy, dss);
  const timestamp = stamp?.report ?? null;
  // A trusted time-stamp proves when the signature existed; without one, the time it claims is all there is.
  const provenTime = timestamp?.intact && timestamp.trust === 'trusted' ? timestamp.time : null;
  const at = new Date(provenTime ?? signature.claimedTime ?? Date.now());
  const trust: Pick<TrustResult, 'status' | 'failure' | 'skipped' | 'legacyAlgorithm' | 'revocation'> =
    signature.signerCertificate === null
      ? { status: 'chain-incomplete', failure: null, skipped: [], legacyAlgorithm: null, revocation: [] }
      : evaluateTrust(signature.signerCertificate, [...signature.certificates, ...(dss?.certificates ?? [])], policy.trustedRoots, at, {
          purpose: isTimestamp ? 'timestamping' : 'signing',
          timeProven: provenTime !== null,
          ...embeddedRevocationData(signature, dss),
        });
  const approval = role === 'seal' ? approvalBefore(earlier, policy) : null;
  const evidence = preferredEvidence(trust.revocation, dss);
  const algorithm = cmsAlgorithm(signature.cmsHashes, provenTime);
  const problems = algorithm.weak ? [...signature.problems, 'weak-algorithm' as const] : signature.problems;
  const report: SignatureReport = {
    fieldName: signature.fieldName,
    role,
    signerName: details?.subject.commonName ?? details?.subject.text ?? '',
    signerFingerprint: details?.fingerprintSha256 ?? '',
    issuerName: details?.issuer.commonName ?? details?.issuer.text ?? '',
    subFilter: signature.subFilter,
    // A document time-stamp claims nothing: its token's time is when it was made.
    signingTime: isTimestamp ? (signature.timestamp?.time ?? null) : signature.claimedTime,
    revisionEnd: signature.revisionEnd,
    coversWholeDocument: signature.revisionEnd === size,
    integrity: { intact: problems.length === 0, problems },
    trust: {
      status: trust.status,
      revocation: trust.status === 'revoked' ? 'revoked' : evidence === null ? 'not-checked' : 'good',
      failure: trust.failure,
      legacyAlgorithm: trust.legacyAlgorithm ?? algorithm.legacy,
      revocationEvidence: evidence,
    },
    level: levelOf(timestamp, provenTime !== null && evidence?.inDss === true && stamp?.revocationInDss === true),
    timestamp,
    permission: signature.permission,
    laterChanges: signature.laterChanges,
    changesPermitted: signature.laterChanges.every((change) => permitted(change.kind, inForce)),
    approval,
    widgets: signature.widgets,
  };
  const skipped = trust.skipped.map(({ fingerprint }) => ({ source: signature.fieldName, fingerprint }));
  return { report, signer: details, skipped };
}

/**
 * The CRLs and OCSP responses the document carries for path validation, in the signature itself
 * (adbe-revocationInfoArchival) and in the DSS: they need not cover the signer, and may have been gathered
 * after it signed; one that says a certificate on the path was revoked by then refuses it.
 */
function embeddedRevocationData(
  signature: Pick<InspectedSignature, 'ocspResponses' | 'crls'>,
  dss: ValidationData | null,
): Pick<TrustOptions, 'ocspResponses' | 'crls' | 'partialRevocationData' | 'laterRevocationData'> {
  const ocspResponses = [...signature.ocspResponses, ...(dss?.ocsps ?? [])];
  const crls = [...signature.crls, ...(dss?.crls ?? [])];
  if (ocspResponses.length === 0 && crls.length === 0) return {};
  return { ocspResponses, crls, partialRevocationData: true, laterRevocationData: true };
}

type RevocationEvidence = NonNullable<SignatureReport['trust']['revocationEvidence']>;

/** What to name as the revocation check: one the DSS keeps if any (what B-LT asks), the newest otherwise. */
function preferredEvidence(answers: readonly RevocationAnswer[], dss: ValidationData | null): RevocationEvidence | null {
  const kept = (answer: RevocationAnswer) =>
    [...(dss?.crls ?? []), ...(dss?.ocsps ?? [])].some((der) => Buffer.from(der).equals(answer.der));
  const newestFirst = [...answers].sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime());
  const chosen = newestFirst.find(kept) ?? newestFirst[0];
  return chosen === undefined ? null : { source: chosen.source, checkedAt: chosen.thisUpdate.toISOString(), inDss: kept(chosen) };
}

/**
 * PAdES baseline level (ETSI EN 319 142-1 §6.3): B-T with an intact signature time-stamp; B-LT once the DSS
 * also keeps what shows that neither the signer nor the time-stamp authority was revoked.
 */
function levelOf(timestamp: SignatureReport['timestamp'], validationDataKept: boolean): SignatureReport['level'] {
  if (timestamp?.intact !== true) return 'B-B';
  return validationDataKept ? 'B-LT' : 'B-T';
}

/**
 * The CMS signature's own hashes under the algorithm policy, as for a certificate's: a deprecated one
 * counts only when the signature's trusted time-stamp proves it older than the deprecation, and is then
 * reported; otherwise the signature is refused as weak.
 */
function cmsAlgorithm(hashes: readonly HashName[], provenTime: string | null): { weak: boolean; legacy: LegacyAlgorithm | null } {
  const excused = hashes
    .filter((hash) => !hashAllowed(hash))
    .map((hash) => legacyHashAllowed(hash, provenTime === null ? null : new Date(provenTime)));
  return { weak: excused.includes(null), legacy: excused.find((legacy) => legacy !== null) ?? null };
}

/** The signature time-stamp, its authority checked at the stamped time with the DSS's validation data, and whether the DSS covers it. */
function timestampCheck(
  found: InspectedTimestamp | null,
  policy: VerificationPolicy,
  dss: ValidationData | null,
): { report: NonNullable<SignatureReport['timestamp']>; revocationInDss: boolean } | null {
  if (found === null) return null;
  const authority = found.tsaCertificate === null ? null : describeCertificate(found.tsaCertificate);
  const trust =
    found.tsaCertificate === null || found.time === null
      ? null
      : evaluateTrust(
          found.tsaCertificate,
          [...found.certificates, ...(dss?.certificates ?? [])],
          policy.trustedRoots,
          new Date(found.time),
          {
            purpose: 'timestamping',
            ...embeddedRevocationData({ ocspResponses: [], crls: [] }, dss),
          },
        );
  return {
    report: {
      time: found.time,
      authorityName: authority?.subject.commonName ?? '',
      intact: found.intact,
      trust: trust?.status ?? 'chain-incomplete',
    },
    revocationInDss: preferredEvidence(trust?.revocation ?? [], dss)?.inDss === true,
  };
}

function roleOf(kind: string | undefined, permission: Permission): SignatureRole {
  if (kind === 'seal') return 'seal';
  if (kind === 'personal' || permission.startsWith('certify')) return 'approval';
  return 'other';
}

/** The latest intact approval before a seal, and whether its signer is on the approvers list. */
function approvalBefore(earlier: readonly Checked[], policy: VerificationPolicy): SignatureReport['approval'] {
  const approval = [...earlier].reverse().find((c) => c.report.role === 'approval' && c.report.integrity.intact);
  if (approval === undefined) return { approverName: null, authorised: false };
  return {
    approverName: approval.report.signerName,
    authorised: approval.signer !== null && isAuthorisedApprover(approval.signer, policy.approvers),
  };
}

/**
 * What the strictest restriction so far lets later revisions do (ISO 32000-2 §12.8.2.2): validation
 * data and document time-stamps always; signatures, form filling and objects that nothing shows (they
 * change nothing on screen, but P=1 permits no change at all) unless P=1 or a lock; annotations
 * only under P=3; anything else only when nothing restricts.
 */
function permitted(kind: ChangeKind, inForce: Permission): boolean {
  switch (kind) {
    case 'validation-data-added':
      return true;
    case 'signature-added':
    case 'form-filled':
    case 'unreferenced-added':
      return RESTRICTIVENESS[inForce] < 3;
    case 'annotation-changed':
      return RESTRICTIVENESS[inForce] < 2;
    case 'modified':
      return inForce === 'none';
  }
}

/** A signer already revoked when it signed makes the signature invalid, not merely untrusted (ETSI EN 319 102-1: REVOKED). */
function verdictOf(reports: readonly SignatureReport[]): VerificationVerdict {
  if (reports.length === 0) return 'unsigned';
  if (reports.some((r) => !r.integrity.intact || r.trust.status === 'revoked')) return 'invalid';
  if (reports.some((r) => !r.changesPermitted || r.laterChanges.some((c) => c.kind === 'modified'))) return 'modified';
  return 'valid';
}
