export { TokenService, type CertificateListing, type SigningKit, type TokenServiceOptions, type UnreadableObject } from './service.ts';
export type { PinHistory } from './pin-history.ts';
export type { KeySigner, Signer } from './signer.ts';
export type { IdlePolicy } from './idle.ts';
export { detectModules, findSoftHsmModule, rescanPolicyFor } from './vendors.ts';
export { mapPkcs11Error } from './errors.ts';
export { pinStatesFromFlags, remainingTriesFromFlags } from './flags.ts';
export type { KeyPairSpec, ModuleInfo, SlotReport } from './types.ts';
