export { generateRenewalKey, installRenewedCertificate, removeReplacedKey, type RenewalKey } from './renewal.ts';
export { CertificateRequests, type CertificateRequestsOptions } from './requests.ts';
export type { PendingRequest } from './pending.ts';
export { CertificateWatch, type TokenCertificateStatuses, type WatchOptions } from './watch.ts';
