import type { Mechanism } from '../../../shared/model/diagnostics.ts';
import type { Token } from '../../../shared/model/token.ts';

/** How token arrival and removal become visible: some modules fix their slot list at C_Initialize. */
export type RescanPolicy = 'slot-list' | 'reinitialize-when-idle';

/** SM2's number is vendor-defined: the host looks it up in sm2-mechanisms.json for its module. */
export type SignMechanism = 'RSA_PKCS' | 'RSA_PSS_SHA256' | 'RSA_PSS_SHA512' | 'ECDSA' | 'SM2';

/** What a token says before a key pair is generated on it. */
export type GenerationCheck = 'ok' | 'unsupported' | 'full';

export type KeyPairSpec =
  { kind: 'RSA'; bits: 2048 | 3072 | 4096; label: string; idHex: string } | { kind: 'EC'; curve: 'P-256'; label: string; idHex: string };

export interface ModuleInfo {
  path: string;
  cryptokiVersion: string;
  manufacturer: string;
  description: string;
  libraryVersion: string;
}

export interface SlotReport {
  slotId: string;
  description: string;
  manufacturer: string;
  tokenPresent: boolean;
  removable: boolean;
  hardware: boolean;
  token: (Token & { mechanisms: Mechanism[] }) | null;
}
