import { open } from 'node:fs/promises';
import { AppError } from '../../../shared/errors.ts';
import type { IntegrityProblem } from '../../../shared/model/verification.ts';
import { checkDetachedSignature, checkTimestampToken, DER_TAG, readDerHeader, signedDigestAlgorithm } from '../cms/index.ts';
import { createContentHash, type HashName } from '../pki/index.ts';
import { changesAfter, type Change } from './changes.ts';
import type { PdfDocument } from './document.ts';
import { readDss, type ValidationData } from './dss.ts';
import { signatureFields, type SignatureWidget } from './fields.ts';
import { asArray, asDict, asNumber, isName, PdfName, PdfString, type PdfDict } from './objects.ts';
import { pageCount } from './pages.ts';

export type Permission = 'none' | 'certify-1' | 'certify-2' | 'certify-3' | 'lock';

/** One signature as the file states it, before any policy (roles, trust, approvers) is applied. */
export interface InspectedSignature {
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
  /** The Document Security Store (PAdES B-LT): certificates and CRLs kept for later validation. */
  dss: ValidationData | null;
}

const CHUNK = 4 * 1024 * 1024;

/** Every signature with its integrity checked and the changes made after it, oldest signature first. */
export async function inspectSignatures(document: PdfDocument): Promise<InspectedDocument> {
  const signatures: InspectedSignature[] = [];
  for (const field of signatureFields(document)) {
    const byteRange = (asArray(field.signature.get('ByteRange')) ?? []).map((v) => asNumber(v) ?? -1);
    const revisionEnd = (byteRange[2] ?? 0) + (byteRange[3] ?? 0);
    const base = {
      fieldName: field.name,
      subFilter: nameOf(field.signature.get('SubFilter')),
      claimedTime: claimedTime(field.signature),
      revisionEnd,
      permission: field.locksDocument ? 'lock' : permissionOf(document, field.signature),
      laterChanges: revisionEnd > 0 && revisionEnd <= document.size ? changesAfter(document, revisionEnd) : [],
      widgets: field.widgets,
    } satisfies Partial<InspectedSignature>;
    signatures.push({ ...base, ...(await checkIntegrity(document, byteRange)) });
  }
  signatures.sort((a, b) => a.revisionEnd - b.revisionEnd);
  return { size: document.size, pageCount: pageCount(document), signatures, dss: readDss(document) };
}

async function checkIntegrity(
  document: PdfDocument,
  byteRange: number[],
): Promise<Pick<InspectedSignature, 'problems' | 'signerCertificate' | 'certificates' | 'timestamp'>> {
  const [a, b, c, d] = byteRange;
  const broken = (problem: IntegrityProblem) => ({ problems: [problem], signerCertificate: null, certificates: [], timestamp: null });
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
    return broken('byte-range-invalid');
  }
  const contents = parseContents(document.readBytes(b, c - b));
  if (contents === undefined) return broken('byte-range-invalid');
  let hash: HashName;
  try {
    hash = signedDigestAlgorithm(contents);
  } catch {
    return broken('cms-malformed');
  }
  const digest = await digestRanges(document.path, hash, [
    [0, b],
    [c, c + d],
  ]);
  try {
    const check = checkDetachedSignature(contents, digest);
    const problems: IntegrityProblem[] = [];
    if (!check.digestMatches) problems.push('digest-mismatch');
    if (!check.signatureValid) problems.push('signature-invalid');
    if (check.hasEssAttribute && !check.essCertificateMatches) problems.push('ess-mismatch');
    const timestamp = check.timestampToken && inspectTimestamp(check.timestampToken, check.signatureImprint);
    return { problems, signerCertificate: check.signerCertificate, certificates: check.certificates, timestamp };
  } catch (error) {
    if (error instanceof AppError) return broken('cms-malformed');
    throw error;
  }
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

async function digestRanges(path: string, hashName: HashName, ranges: [number, number][]): Promise<Uint8Array> {
  const hash = createContentHash(hashName);
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (const [start, end] of ranges) {
      for (let position = start; position < end;) {
        const { bytesRead } = await file.read(buffer, 0, Math.min(CHUNK, end - position), position);
        if (bytesRead === 0) break;
        hash.update(buffer.subarray(0, bytesRead));
        position += bytesRead;
      }
    }
  } finally {
    await file.close();
  }
  return hash.digest();
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
