export { TokenService, type CertificateListing, type UnreadableObject } from './service.ts';
export type { Signer } from './signer.ts';
export type { IdlePolicy } from './idle.ts';
export { detectModules, findSoftHsmModule, rescanPolicyFor } from './vendors.ts';
export { mapPkcs11Error } from './errors.ts';
export { pinStatesFromFlags, remainingTriesFromFlags } from './flags.ts';
export type { KeyPairSpec, ModuleInfo, SlotReport } from './types.ts';
