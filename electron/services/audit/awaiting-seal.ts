import { basename } from 'node:path';
import type { AuditEntry } from '../../../shared/model/audit.ts';

/** An approval (or a request for one) older than this is no longer waiting but was dealt with some other way. */
const AWAITING_SEAL_DAYS = 30;
const DAY_MS = 86_400_000;

/** 首页 reads the ledger back to this time and no further: what waits longer was dealt with some other way. */
export function overviewWindowStart(now: Date): number {
  return now.getTime() - AWAITING_SEAL_DAYS * DAY_MS;
}

/**
 * 首页's documents approved (签发) and not sealed since, oldest first: approvals of the last
 * AWAITING_SEAL_DAYS whose approved file no later seal took as its input (a seal's record names its
 * input by its file name, as `basename` gives it). `newestFirst` is read from the newest record back and
 * no further than the window's start, so the cost is the window's records, not the ledger's.
 */
export function awaitingSeal(newestFirst: Iterable<AuditEntry>, now: Date): AuditEntry[] {
  const since = overviewWindowStart(now);
  const sealedLater = new Set<string>();
  const waiting: AuditEntry[] = [];
  for (const entry of newestFirst) {
    const { record } = entry;
    if (Date.parse(record.time) < since) break;
    if (record.kind === 'seal' && record.document !== null) sealedLater.add(record.document.name);
    if (record.kind === 'approve' && record.output !== null && !sealedLater.has(basename(record.output))) waiting.push(entry);
  }
  return waiting.reverse();
}
