import type { WireError } from '../../../shared/errors.ts';
import type { Token } from '../../../shared/model/token.ts';
import type { Pkcs11Host } from './host.ts';
import type { RescanPolicy } from './types.ts';

export const HOST_METHODS = [
  'moduleInfo',
  'tokens',
  'slots',
  'certificates',
  'login',
  'logout',
  'changePin',
  'unlockPin',
  'sign',
  'initToken',
  'generateKeyPair',
  'importCertificate',
  'publicKey',
  'generationCheck',
  'destroyObjects',
  'relabel',
] as const satisfies readonly (keyof Pkcs11Host)[];

export type HostMethod = (typeof HOST_METHODS)[number];

export interface WorkerStartData {
  modulePath: string;
  rescanPolicy: RescanPolicy;
}

export type WorkerInbound = { type: 'call'; id: number; method: HostMethod; args: unknown[] } | { type: 'stop' };

export type WorkerOutbound =
  | { type: 'ready' }
  | { type: 'failed'; error: WireError }
  | { type: 'tokens'; tokens: Token[] }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: WireError };
