export { Rejected } from './auth.ts';
export { DECISIONS, ReferenceCenter, type Decision, type UnitFilings } from './center.ts';
export { centerLayout } from './layout.ts';
export { openEnvelope, EnvelopeError } from './crypto/open-envelope.ts';
export type { SubmissionRecord } from './store.ts';
