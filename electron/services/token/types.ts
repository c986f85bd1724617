import type { Mechanism } from '../../../shared/model/diagnostics.ts';
import type { Token } from '../../../shared/model/token.ts';

/** How token arrival and removal become visible: some modules fix their slot list at C_Initialize. */
export type RescanPolicy = 'slot-list' | 'reinitialize-when-idle';

export type SignMechanism = 'RSA_PKCS' | 'RSA_PSS_SHA256' | 'ECDSA';

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
