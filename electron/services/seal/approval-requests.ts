import { stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { AppError, fileSystemError } from '../../../shared/errors.ts';
import type { AwaitingApproval } from '../../../shared/model/approval-request.ts';
import type { TokenCertificate } from '../../../shared/model/certificate.ts';
import { documentStage } from '../../../shared/model/document-stage.ts';
import type { Approver } from '../../../shared/model/settings.ts';
import type { DocumentReport } from '../../../shared/model/verification.ts';
import type { RequestedApproval, RequestsFound } from '../audit/index.ts';
import { sha256OfFile } from '../platform/index.ts';
import type { TokenService } from '../token/index.ts';
import { isAuthorisedApprover } from './approvers.ts';

/** 送签发 of the file at `path` by the holder at USBKey `serial`, to `approver` (a label on the list, or a fingerprint). */
export interface ApprovalRequest {
  serial: string;
  path: string;
  approver: string;
  note?: string | undefined;
}

/** The approver on the unit's list named by `wanted`: their label as the list gives it, or their certificate's fingerprint (a unique prefix). */
export function listedApprover(approvers: readonly Approver[], wanted: string): Approver {
  const name = wanted.trim();
  const byLabel = approvers.find((a) => a.label === name);
  if (byLabel !== undefined) return byLabel;
  const prefix = name.toLowerCase();
  const byFingerprint = /^[0-9a-f]{8,64}$/.test(prefix)
    ? approvers.filter((a) => 'fingerprintSha256' in a && a.fingerprintSha256.startsWith(prefix))
    : [];
  const [only] = byFingerprint;
  if (only === undefined || byFingerprint.length > 1) throw new AppError('APPROVER_NOT_LISTED', { name });
  return only;
}

/** Only a PDF not yet approved (or approved and changed since, or by someone off the list) is sent for approval. */
export function refuseUnlessWaiting(path: string, report: DocumentReport): void {
  const found = documentStage(report);
  if (found.stage === 'sealed') throw new AppError('DOCUMENT_ALREADY_SEALED', { path });
  if (found.stage === 'approved') throw new AppError('DOCUMENT_ALREADY_APPROVED', { path, name: found.name });
}

/** The file named, absolute, refused before anything is read unless its name says PDF. */
export function pdfPath(path: string): string {
  const absolute = resolve(path);
  if (extname(absolute).toLowerCase() !== '.pdf') throw new AppError('PDF_NOT_PDF', { path: absolute });
  return absolute;
}

/**
 * 首页's list: each requested document as it is now — its bytes hashed again (a file changed since it was
 * sent is said to be changed; changed and approved, it is no longer listed) — and whether its approver is
 * at a USBKey of this computer, who can approve it here.
 */
export async function describeRequests(
  found: RequestsFound,
  approvers: readonly Approver[],
  tokens: () => TokenService,
): Promise<AwaitingApproval[]> {
  const here = await certificatesHere(tokens);
  const described = await Promise.all(
    found.requested.map(async (request) => {
      const state = await stateNow(request);
      if (state.sha256 !== null && state.sha256 !== request.sha256 && found.approved.has(state.sha256)) return [];
      const listed = approvers.filter((a) => a.label === request.approver);
      const approverHere = here.some((certificate) => isAuthorisedApprover(certificate, listed));
      const { line, path, name, sha256, approver, since } = request;
      return [{ line, path, name, sha256, approver, since, state: state.state, approverHere }];
    }),
  );
  return described.flat();
}

async function stateNow(request: RequestedApproval): Promise<{ state: AwaitingApproval['state']; sha256: string | null }> {
  try {
    const sha256 = await currentSha256(request.path);
    return { state: sha256 === request.sha256 ? 'waiting' : 'changed', sha256 };
  } catch (error) {
    // Gone, or no longer readable where it was sent from: either way not the file that was sent.
    if (fileSystemError(error) !== null) return { state: 'missing', sha256: null };
    throw error;
  }
}

/** SHA-256 of the files 首页 checked, by path, size and modification time: a large file is hashed once, not on every visit. */
const knownHashes = new Map<string, string>();
const KNOWN_HASHES_MAX = 256;

async function currentSha256(path: string): Promise<string> {
  const { size, mtimeMs } = await stat(path);
  const key = `${path}\0${size}\0${mtimeMs}`;
  const known = knownHashes.get(key);
  if (known !== undefined) return known;
  const sha256 = await sha256OfFile(path);
  const oldest = knownHashes.keys().next();
  if (knownHashes.size >= KNOWN_HASHES_MAX && oldest.done !== true) knownHashes.delete(oldest.value);
  knownHashes.set(key, sha256);
  return sha256;
}

/** Personal certificates with their key on every USBKey present; none when no module is open. */
async function certificatesHere(tokens: () => TokenService): Promise<TokenCertificate[]> {
  try {
    const service = tokens();
    const listings = await Promise.all((await service.tokens()).map((token) => service.certificates(token.serial)));
    return listings.flatMap((listing) => listing.certificates.filter((c) => c.kind === 'personal' && c.hasPrivateKey));
  } catch (error) {
    // No module configured, or a USBKey pulled out meanwhile: nobody is at a USBKey to approve here.
    if (error instanceof AppError) return [];
    throw error;
  }
}
