export { CertificateWatch, type TokenCertificateStatuses, type WatchOptions } from './watch.ts';
