export { approverFor, isAuthorisedApprover } from './approvers.ts';
export { DEFAULT_SEAL_MM, ImpressionStore, type ImpressionFormat, type ImpressionMeta, type LoadedImpression } from './impressions.ts';
export { approveDocument, sealDocument, type ApproveRequest, type OperationResult, type SealRequest } from './operations.ts';
export type { Placement } from './placement.ts';
export { verifyDocument, type VerificationPolicy } from './verify.ts';
export {
  BATCH_CONCURRENCY,
  repairDocument,
  SealDeskService,
  type ApproveJob,
  type BatchOutcome,
  type CertificateRef,
  type SealBatch,
  type SealJob,
} from './desk.ts';
export { derivedOutputPaths, originalStem, stepOutputPaths, suggestOutputPath, type OutputStep } from './output-name.ts';
