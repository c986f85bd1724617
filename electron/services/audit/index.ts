export { Ledger } from './ledger.ts';
export { AuditTrail, type AuditAct, type AuditTrailOptions } from './trail.ts';
export { awaitingSeal } from './awaiting-seal.ts';
export { approvalsRequested, type RequestedApproval, type RequestsFound } from './awaiting-approval.ts';
