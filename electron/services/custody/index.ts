export { sealDelegations, sealOperator, type SealOperator } from './guard.ts';
export { CUSTODY_FILES, CustodyRecords } from './records.ts';
export { CustodyService, type CertificateOnToken, type CustodyDelivery, type CustodyOptions, type DelegationRequest } from './service.ts';
