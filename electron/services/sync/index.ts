export { enrol, type EnrolRequest } from './enrol.ts';
export { CenterLink } from './link.ts';
export type { UploadJob } from './tus-stack.ts';
export { Outbox, type NewOutboxItem } from './outbox.ts';
export { fileParts, folderParts, PDF_PART_NAMES, type PartSource } from './parts.ts';
export { backoffMs, SyncService, type SyncDependencies, type SyncProgress, type SyncReport, type SyncState } from './sync.ts';
export { centerTrustRoots, centerUrl, requireEnrolment, saveEnrolment, unitCertificateSelector } from './workspace.ts';
export { centerEvidence, enrolledEvidence, fetchCenterCrl, fetchCenterOcsp } from './evidence.ts';
