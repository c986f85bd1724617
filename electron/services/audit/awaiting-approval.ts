import type { AuditEntry } from '../../../shared/model/audit.ts';
import { overviewWindowStart } from './awaiting-seal.ts';

/** A document sent for approval (送签发) that no approval took since, as the ledger says it. */
export interface RequestedApproval {
  /** The newest request for this file. */
  line: number;
  path: string;
  name: string;
  sha256: string;
  approver: string;
  /** The first request for these bytes in the window. */
  since: string;
}

export interface RequestsFound {
  /** Oldest first. */
  requested: RequestedApproval[];
  /** The SHA-256 of every document approved in the window: a file changed and then approved is no longer waiting. */
  approved: ReadonlySet<string>;
}

/**
 * 首页's documents sent for approval and not approved since: for each file (by path) its newest request of
 * the last days, unless an approval of the requested bytes (by SHA-256, as the approval's record names its
 * input) came after it. Read from the newest record back to the window's start, like `awaitingSeal`.
 */
export function approvalsRequested(newestFirst: Iterable<AuditEntry>, now: Date): RequestsFound {
  const since = overviewWindowStart(now);
  const approved = new Set<string>();
  const requested = new Map<string, RequestedApproval>();
  const settled = new Set<string>();
  for (const { line, record } of newestFirst) {
    if (Date.parse(record.time) < since) break;
    if (record.kind === 'approve' && record.document !== null) approved.add(record.document.sha256);
    if (record.kind !== 'approval-request' || record.document === null || record.output === null) continue;
    const path = record.output;
    const newer = requested.get(path);
    // An earlier request for the same bytes (a reminder came later) says since when it waits; one for other bytes is superseded.
    if (newer !== undefined && newer.sha256 === record.document.sha256) newer.since = record.time;
    if (newer !== undefined || settled.has(path)) continue;
    if (approved.has(record.document.sha256)) settled.add(path);
    else requested.set(path, { line, path, ...record.document, approver: record.approver ?? '', since: record.time });
  }
  return { requested: [...requested.values()].sort((a, b) => Date.parse(a.since) - Date.parse(b.since)), approved };
}
