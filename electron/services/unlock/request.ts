import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { TokenCertificate } from '../../../shared/model/certificate.ts';
import type { Token } from '../../../shared/model/token.ts';
import { parseJsonOrNull } from '../../../shared/validation/json.ts';
import {
  UNLOCK_REQUEST_FORMAT,
  UnlockProblemSchema,
  UnlockRequestSchema,
  type CheckedUnlockRequest,
  type UnlockProblem,
  type UnlockRequest,
  type UnlockRequestEntry,
} from '../../../shared/model/unlock-request.ts';
import { checkSignedContent, signatureHolds, signContent, type DetachedSignatureCheck } from '../cms/index.ts';
import { canonicalJson } from '../forms/index.ts';
import { describeCertificate, evaluateTrust } from '../pki/index.ts';
import { writeFolderAtomic } from '../platform/index.ts';
import type { Signer, TokenService } from '../token/index.ts';

export const UNLOCK_REQUEST_FILES = { request: 'unlock-request.json', signature: 'unlock-request.p7s' } as const;

/** A request older than this is refused: the holder asks again rather than an old paper unlocking a key. */
const VALID_DAYS = 30;

export interface UnlockRequestInput {
  locked: Token;
  holders: readonly TokenCertificate[];
  signer: Signer;
  /** Where the request's own folder is made. */
  dir: string;
  now?: Date;
}

/** Writes unlock-request.json and its detached signature into a fresh folder that appears only when complete. */
export async function writeUnlockRequest(input: UnlockRequestInput): Promise<string> {
  const { locked } = input;
  const now = input.now ?? new Date();
  const request: UnlockRequest = {
    format: UNLOCK_REQUEST_FORMAT,
    token: { serial: locked.serial, label: locked.label, manufacturer: locked.manufacturer, model: locked.model },
    reason: locked.pinStates.includes('locked') ? 'pin-locked' : 'pin-forgotten',
    holders: input.holders.map((h) => ({ subject: h.subject.text, fingerprintSha256: h.fingerprintSha256 })),
    requestedAt: now.toISOString(),
  };
  const json = Buffer.from(canonicalJson(request), 'utf8');
  const p7s = await signContent(input.signer, json, { signingTime: now });
  const name = `unlock-${locked.serial.replace(/[^\w-]/g, '_')}-${now.toISOString().slice(0, 10)}-${now.getTime().toString(36)}`;
  const folder = join(input.dir, name);
  writeFolderAtomic(folder, { [UNLOCK_REQUEST_FILES.request]: json, [UNLOCK_REQUEST_FILES.signature]: p7s }, 0o644);
  return folder;
}

/**
 * 解锁申请 for the key `lockedSerial`, signed with `signWith` on another, logged-in key: a locked key
 * cannot sign for itself. Returns the request's folder under `dir`.
 */
export async function requestUnlock(
  tokens: TokenService,
  lockedSerial: string,
  signWith: { serial: string; selector: string },
  dir: string,
): Promise<string> {
  if (signWith.serial === lockedSerial) throw new AppError('UNLOCK_SIGNER_SAME_TOKEN');
  const locked = (await tokens.tokens()).find((t) => t.serial === lockedSerial);
  if (locked === undefined) throw new AppError('TOKEN_NOT_FOUND', { selector: lockedSerial, present: '' });
  const { certificates } = await tokens.certificates(lockedSerial);
  const signer = await tokens.signerFor(signWith.serial, signWith.selector);
  return writeUnlockRequest({ locked, holders: certificates, signer, dir });
}

/**
 * What the IT administrator checks before an SO-PIN reset: the signature over the request, a signer
 * trusted for signing, the request naming this very USBKey, and not older than 30 days.
 */
export async function checkUnlockRequest(
  folder: string,
  serial: string,
  roots: readonly Uint8Array[],
  now = new Date(),
): Promise<CheckedUnlockRequest> {
  const { json, p7s } = readRequestFiles(folder);
  return checkUnlockRequestFiles(json, p7s, serial, roots, now);
}

/** The same check over the two files' bytes, as brought to the SO-PIN form. */
export async function checkUnlockRequestFiles(
  json: Uint8Array,
  p7s: Uint8Array,
  serial: string,
  roots: readonly Uint8Array[],
  now = new Date(),
): Promise<CheckedUnlockRequest> {
  const check = signatureOver(json, p7s);
  if (check === null || !signatureHolds(check)) throw invalid('signature');
  const parsed = UnlockRequestSchema.safeParse(parseJsonOrNull(json));
  if (!parsed.success) throw invalid('malformed');
  const request = parsed.data;
  if (request.token.serial !== serial) throw invalid('other-token');
  const signedAt = new Date(request.requestedAt);
  if (now.getTime() - signedAt.getTime() > VALID_DAYS * 86_400_000) throw invalid('expired');
  const trust = evaluateTrust(check.signerCertificate, check.certificates, roots, signedAt, { purpose: 'signing' });
  if (trust.status !== 'trusted') throw invalid('signer');
  const signer = describeCertificate(check.signerCertificate);
  return { request, signedBy: signer.subject.commonName ?? signer.subject.text };
}

/**
 * The requests under `dir` for the USBKey `serial`, newest first, each checked: the form shows why one
 * does not pass rather than hiding it. Requests for other keys are left out.
 */
export async function listUnlockRequests(
  dir: string,
  serial: string,
  roots: readonly Uint8Array[],
  now = new Date(),
): Promise<UnlockRequestEntry[]> {
  const names = existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith('unlock-')) : [];
  const entries = await Promise.all(
    names
      .sort()
      .reverse()
      .map((id) => entryFor(dir, id, serial, roots, now)),
  );
  return entries.filter((entry) => entry.problem !== 'other-token');
}

async function entryFor(dir: string, id: string, serial: string, roots: readonly Uint8Array[], now: Date): Promise<UnlockRequestEntry> {
  try {
    const { signedBy, request } = await checkUnlockRequest(join(dir, id), serial, roots, now);
    return { id, signedBy, requestedAt: request.requestedAt, problem: null };
  } catch (error) {
    const problem = UnlockProblemSchema.safeParse(error instanceof AppError ? error.params['problem'] : null);
    return { id, signedBy: null, requestedAt: null, problem: problem.success ? problem.data : 'malformed' };
  }
}

const invalid = (problem: UnlockProblem): AppError => new AppError('UNLOCK_REQUEST_INVALID', { problem });

function readRequestFiles(folder: string): { json: Buffer; p7s: Buffer } {
  try {
    return {
      json: readFileSync(join(folder, UNLOCK_REQUEST_FILES.request)),
      p7s: readFileSync(join(folder, UNLOCK_REQUEST_FILES.signature)),
    };
  } catch {
    throw invalid('missing');
  }
}

/** Null when the signature file is not a CMS signature at all. */
function signatureOver(json: Uint8Array, p7s: Uint8Array): DetachedSignatureCheck | null {
  try {
    return checkSignedContent(p7s, json);
  } catch {
    return null;
  }
}
