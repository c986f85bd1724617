export { Ledger } from './ledger.ts';
export { AuditTrail, type AuditAct, type AuditTrailOptions } from './trail.ts';
export { awaitingSeal } from './awaiting-seal.ts';
