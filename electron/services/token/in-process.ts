import { fromWireError, toWireError } from '../../../shared/errors.ts';
import { invokeHost, type HostResult, type TokenHostChannel } from './channel.ts';
import { Pkcs11Host } from './host.ts';
import type { HostMethod, WorkerStartData } from './protocol.ts';

/**
 * The PKCS#11 host on the caller's thread, for one-shot CLI commands: a command waits on the token
 * anyway, and a worker thread would cost every run about 10 MB and 40 ms before the first call. Errors
 * cross the same wire conversion as the worker's, so callers see the same typed codes either way.
 */
export class InProcessTokenHost implements TokenHostChannel {
  readonly #host: Pkcs11Host;

  private constructor(host: Pkcs11Host) {
    this.#host = host;
  }

  static start(start: WorkerStartData): InProcessTokenHost {
    const host = new Pkcs11Host(start.modulePath, start.rescanPolicy);
    try {
      host.load();
    } catch (error) {
      throw fromWireError(toWireError(error));
    }
    return new InProcessTokenHost(host);
  }

  call<M extends HostMethod>(method: M, ...args: Parameters<Pkcs11Host[M]>): Promise<HostResult<M>> {
    try {
      return Promise.resolve(invokeHost(this.#host, method, args) as HostResult<M>);
    } catch (error) {
      return Promise.reject(fromWireError(toWireError(error)));
    }
  }

  /** A one-shot command reads the tokens when it needs them; nothing polls for hot plug here. */
  onTokensChanged(): () => void {
    return () => undefined;
  }

  stop(): Promise<void> {
    this.#host.close();
    return Promise.resolve();
  }
}
