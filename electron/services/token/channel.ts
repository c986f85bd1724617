import type { Token } from '../../../shared/model/token.ts';
import type { Pkcs11Host } from './host.ts';
import type { HostMethod } from './protocol.ts';

export type HostResult<M extends HostMethod> = ReturnType<Pkcs11Host[M]>;

/** How TokenService reaches the PKCS#11 host: on a worker thread (the apps) or on its own thread (the CLI). */
export interface TokenHostChannel {
  call<M extends HostMethod>(method: M, ...args: Parameters<Pkcs11Host[M]>): Promise<HostResult<M>>;
  onTokensChanged(listener: (tokens: Token[]) => void): () => void;
  stop(): Promise<void>;
}

export function invokeHost(host: Pkcs11Host, method: HostMethod, args: unknown[]): unknown {
  const fn = host[method] as (...a: unknown[]) => unknown;
  return fn.apply(host, args);
}
