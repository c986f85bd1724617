export { Ledger } from './ledger.ts';
export { AuditTrail, type AuditAct, type AuditTrailOptions } from './trail.ts';
export { AWAITING_SEAL_DAYS, awaitingSeal } from './awaiting-seal.ts';
