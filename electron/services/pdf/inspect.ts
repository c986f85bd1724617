import { AppError } from '../../../shared/errors.ts';
import type { Change, IntegrityProblem } from '../../../shared/model/verification.ts';
import { checkTimestampToken, readDetachedSignature, type DetachedSignature, type TimestampCheck } from '../cms/index.ts';
import { DER_TAG, readDerHeader } from '../der/index.ts';
import type { HashName } from '../pki/index.ts';
import { changesAfter } from './changes.ts';
import type { ByteSpan, SpanDigest } from './digest-pass.ts';
import type { PdfDocument } from './document.ts';
import { readDss, type ValidationData } from './dss.ts';
import { signatureFields, signatureKind, type SignatureFieldInfo, type SignatureKind, type SignatureWidget } from './fields.ts';
import { asArray, asDict, asNumber, isName, PdfName, PdfString, type PdfDict } from './objects.ts';
import { pageCount } from './pages.ts';
import { documentEndChanges, endsRevision } from './revision-ends.ts';

export type Permission = 'none' | 'certify-1' | 'certify-2' | 'certify-3' | 'lock';

/** One signature as the file states it, before any policy (roles, trust, approvers) is applied. */
export interface InspectedSignature {
  kind: SignatureKind;
  fieldName: string;
  subFilter: string;
  claimedTime: string | null;
  signerCertificate: Uint8Array | null;
  certificates: Uint8Array[];
  revisionEnd: number;
  problems: IntegrityProblem[];
  permission: Permission;
  laterChanges: Change[];
  widgets: SignatureWidget[];
  timestamp: InspectedTimestamp | null;
  /** OCSP responses the signature carries in its signed attributes (adbe-revocationInfoArchival). */
  ocspResponses: Uint8Array[];
  /** CRLs the signature carries in the same attribute. */
  crls: Uint8Array[];
  /** The hashes the CMS signature itself was made with: its digest algorithm's and its signature algorithm's. */
  cmsHashes: HashName[];
}

/** A signature time-stamp as found: intact when it is for this signature and its own signature verifies. */
export interface InspectedTimestamp {
  time: string | null;
  intact: boolean;
  tsaCertificate: Uint8Array | null;
  certificates: Uint8Array[];
}

export interface InspectedDocument {
  size: number;
  pageCount: number;
  signatures: InspectedSignature[];
  /** The Document Security Store (PAdES B-LT): certificates, CRLs and OCSP responses kept for later validation. */
  dss: ValidationData | null;
}

/**
 * What a signature's integrity check needs from the file: its hash over its byte ranges and the CMS
 * signature or time-stamp token to check it against, or the problem that makes it unverifiable before any hashing.
 */
type IntegrityPlan =
  { digest: SpanDigest; signature: DetachedSignature } | { digest: SpanDigest; token: Uint8Array } | { problem: IntegrityProblem };

/** The signatures as the file states them; completing the inspection takes one digest per entry of `digests`. */
export interface SignatureInspection {
  /** To be taken in one pass over the file (digestFile), perhaps the same pass that signs it. */
  digests: readonly SpanDigest[];
  finish(digests: readonly Uint8Array[]): InspectedDocument;
}

/** Every signature's structure now; its integrity, once the digests are taken; oldest signature first. */
export function planInspection(document: PdfDocument): SignatureInspection {
  const fields = signatureFields(document);
  // Whatever follows the last complete revision follows every signature too.
  const afterEnd = fields.length > 0 ? documentEndChanges(document) : [];
  const found = fields.map((field) => {
    const byteRange = (asArray(field.signature.get('ByteRange')) ?? []).map((v) => asNumber(v) ?? -1);
    const revisionEnd = (byteRange[2] ?? 0) + (byteRange[3] ?? 0);
    const laterChanges: Change[] = revisionEnd > 0 && revisionEnd <= document.size ? changesAfter(document, revisionEnd) : [];
    const stated = {
      kind: signatureKind(field.signature),
      fieldName: field.name,
      subFilter: nameOf(field.signature.get('SubFilter')),
      claimedTime: claimedTime(field.signature),
      revisionEnd,
      permission: field.locksDocument ? 'lock' : permissionOf(document, field.signature),
      laterChanges: [...laterChanges, ...afterEnd],
      widgets: field.widgets,
    } satisfies Partial<InspectedSignature>;
    return { stated, plan: integrityPlan(document, field, byteRange) };
  });
  const hashed = found.flatMap(({ plan }) => ('digest' in plan ? [plan] : []));
  const rest = { size: document.size, pageCount: pageCount(document), dss: readDss(document) };
  return {
    digests: hashed.map((plan) => plan.digest),
    finish(digests) {
      if (digests.length !== hashed.length) throw new AppError('INTERNAL', { detail: 'one digest per signature expected' });
      const integrity = (plan: IntegrityPlan): Integrity => {
        if ('problem' in plan) return broken(plan.problem);
        const digest = digests[hashed.indexOf(plan)] as Uint8Array;
        return 'token' in plan ? checkDocumentTimestamp(plan.token, digest) : checkIntegrity(plan.signature, digest);
      };
      const signatures = found.map(({ stated, plan }) => ({ ...stated, ...integrity(plan) }));
      return { ...rest, signatures: signatures.sort((a, b) => a.revisionEnd - b.revisionEnd) };
    },
  };
}

type Integrity = Pick<
  InspectedSignature,
  'problems' | 'signerCertificate' | 'certificates' | 'timestamp' | 'ocspResponses' | 'crls' | 'cmsHashes'
>;

function broken(problem: IntegrityProblem): Integrity {
  return { problems: [problem], signerCertificate: null, certificates: [], timestamp: null, ocspResponses: [], crls: [], cmsHashes: [] };
}

function integrityPlan(document: PdfDocument, field: SignatureFieldInfo, byteRange: number[]): IntegrityPlan {
  const [a, b, c, d] = byteRange;
  if (
    byteRange.length !== 4 ||
    a !== 0 ||
    b === undefined ||
    c === undefined ||
    d === undefined ||
    b >= c ||
    c + d > document.size ||
    b < 0
  ) {
    return { problem: 'byte-range-invalid' };
  }
  const contents = parseContents(document.readBytes(b, c - b));
  if (contents === undefined) return { problem: 'byte-range-invalid' };
  if (!endsRevision(document, c + d)) return { problem: 'not-a-revision' };
  if (!gapInsideSignatureObject(document, field, b)) return { problem: 'contents-misplaced' };
  const spans: ByteSpan[] = [
    [0, b],
    [c, c + d],
  ];
  // checkTimestampToken takes SHA-256 imprints only; a token over another hash reads as not matching.
  if (signatureKind(field.signature) === 'document-timestamp') return { digest: { hash: 'sha256', spans }, token: contents };
  try {
    const signature = readDetachedSignature(contents);
    return { digest: { hash: signature.hash, spans }, signature };
  } catch {
    return { problem: 'cms-malformed' };
  }
}

function checkIntegrity(signature: DetachedSignature, digest: Uint8Array): Integrity {
  try {
    const check = signature.check(digest);
    const problems: IntegrityProblem[] = [];
    if (!check.digestMatches) problems.push('digest-mismatch');
    if (!check.signatureValid) problems.push('signature-invalid');
    if (check.hasEssAttribute && !check.essCertificateMatches) problems.push('ess-mismatch');
    const timestamp = check.timestampToken && inspectTimestamp(check.timestampToken, check.signatureImprint);
    const { signerCertificate, certificates, ocspResponses, crls } = check;
    const cmsHashes = [...new Set([signature.hash, ...(check.scheme === null ? [] : [check.scheme.hash])])];
    return { problems, signerCertificate, certificates, timestamp, ocspResponses, crls, cmsHashes };
  } catch (error) {
    if (error instanceof AppError) return broken('cms-malformed');
    throw error;
  }
}

/** A document time-stamp's token checked as its signature: the imprint is the digest of the covered bytes. */
function checkDocumentTimestamp(token: Uint8Array, digest: Uint8Array): Integrity {
  let check: TimestampCheck;
  try {
    check = checkTimestampToken(token, digest);
  } catch {
    return broken('cms-malformed');
  }
  const problems: IntegrityProblem[] = [];
  if (!check.imprintMatches) problems.push('digest-mismatch');
  if (!check.signatureValid) problems.push('signature-invalid');
  const { time, tsaCertificate, certificates } = check;
  return {
    problems,
    signerCertificate: tsaCertificate,
    certificates,
    timestamp: { time, intact: problems.length === 0, tsaCertificate, certificates },
    ocspResponses: [],
    crls: [],
    // The imprint is SHA-256 by construction (checkTimestampToken); the token's own signature is the authority's.
    cmsHashes: [],
  };
}

function inspectTimestamp(token: Uint8Array, imprint: Uint8Array): InspectedTimestamp {
  try {
    const check = checkTimestampToken(token, imprint);
    return {
      time: check.time,
      intact: check.imprintMatches && check.signatureValid,
      tsaCertificate: check.tsaCertificate,
      certificates: check.certificates,
    };
  } catch {
    return { time: null, intact: false, tsaCertificate: null, certificates: [] };
  }
}

/** Longest signature dictionary read up to its /Contents; ours are well under 1 KB. */
const MAX_SIGNATURE_HEAD = 64 * 1024;

/**
 * The unsigned gap must start inside the signature dictionary the field names, the object the newest
 * cross-reference points to: otherwise the signed bytes are another copy and this dictionary (with its
 * /ByteRange) was put where no signature covers it.
 */
function gapInsideSignatureObject(document: PdfDocument, field: SignatureFieldInfo, gapStart: number): boolean {
  const entry = field.signatureRef === null ? undefined : document.entryOf(field.signatureRef.num);
  if (entry?.kind !== 'offset' || entry.offset >= gapStart || gapStart - entry.offset > MAX_SIGNATURE_HEAD) return false;
  return !document.readBytes(entry.offset, gapStart - entry.offset).includes('endobj');
}

/** The hex string between the two byte ranges, without its zero padding. */
function parseContents(gap: Buffer): Uint8Array | undefined {
  const text = gap.toString('latin1').trim();
  if (!text.startsWith('<') || !text.endsWith('>')) return undefined;
  const hex = text.slice(1, -1).replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const bytes = Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
  return bytes.subarray(0, derLength(bytes) ?? bytes.length);
}

function derLength(bytes: Uint8Array): number | undefined {
  const header = readDerHeader(bytes, 0);
  return header?.tag === DER_TAG.sequence ? header.start + header.length : undefined;
}

function permissionOf(document: PdfDocument, signature: PdfDict): Permission {
  for (const reference of asArray(document.resolve(signature.get('Reference'))) ?? []) {
    const ref = asDict(document.resolve(reference));
    const params = asDict(document.resolve(ref?.get('TransformParams')));
    if (isName(ref?.get('TransformMethod'), 'DocMDP')) {
      const p = asNumber(params?.get('P')) ?? 2;
      return p === 1 ? 'certify-1' : p === 3 ? 'certify-3' : 'certify-2';
    }
    if (isName(ref?.get('TransformMethod'), 'FieldMDP') && isName(params?.get('Action'), 'All')) return 'lock';
  }
  return 'none';
}

function nameOf(value: unknown): string {
  return value instanceof PdfName ? value.name : '';
}

function claimedTime(signature: PdfDict): string | null {
  const value = signature.get('M');
  if (!(value instanceof PdfString)) return null;
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?/.exec(value.toText());
  if (m === null) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  const offset = sign === '+' || sign === '-' ? `${sign}${oh}:${om}` : 'Z';
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
