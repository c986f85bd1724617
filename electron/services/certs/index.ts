export { generateRenewalKey, installRenewedCertificate, removeReplacedKey, type RenewalKey } from './renewal.ts';
export { CertificateWatch, type TokenCertificateStatuses, type WatchOptions } from './watch.ts';
