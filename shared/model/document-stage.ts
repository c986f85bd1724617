import type { DocumentReport } from './verification.ts';

/**
 * Where a document is on its way to a seal, as 盖章 judges it: sealed; approved (签发) by a listed approver
 * and unchanged since; approved by someone not on the list; changed after its approval; or waiting for one.
 */
export type DocumentStage =
  | { stage: 'sealed' }
  | { stage: 'approved'; name: string }
  | { stage: 'unauthorised'; name: string }
  | { stage: 'changed' }
  | { stage: 'waiting' };

export function documentStage(report: DocumentReport): DocumentStage {
  if (report.signatures.some((s) => s.role === 'seal')) return { stage: 'sealed' };
  const name = report.approval?.approverName ?? null;
  if (name === null) return { stage: 'waiting' };
  if (report.approval?.authorised !== true) return { stage: 'unauthorised', name };
  return report.verdict === 'valid' ? { stage: 'approved', name } : { stage: 'changed' };
}
