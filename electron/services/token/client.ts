import { Worker } from 'node:worker_threads';
import { AppError, fromWireError } from '../../../shared/errors.ts';
import type { Token } from '../../../shared/model/token.ts';
import type { HostResult, TokenHostChannel } from './channel.ts';
import { afterWorkerStarted } from '../platform/young-generation.ts';
import type { Pkcs11Host } from './host.ts';
import type { HostMethod, WorkerInbound, WorkerOutbound, WorkerStartData } from './protocol.ts';

declare const SEALDESK_TOKEN_WORKER_FILE: string | undefined;

/**
 * The desktop bundle names its worker file at build time; run from source, worker-dev.mjs loads the .ts.
 */
function workerEntry(): URL {
  if (typeof SEALDESK_TOKEN_WORKER_FILE === 'string') return new URL(SEALDESK_TOKEN_WORKER_FILE);
  return new URL('./worker-dev.mjs', import.meta.url);
}

/**
 * The worker holds the PKCS#11 host and a few certificates (its heap is 6 MB, most of it Node's own), so
 * it gets a young generation of 1 MB and an old one with room for ten times what it uses: with V8's defaults, sized for
 * the main thread, it took 1.5 MB more of every app process's RSS.
 */
const WORKER_HEAP_LIMITS = { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 64 };

type Pending = { resolve: (value: unknown) => void; reject: (error: AppError) => void };

/** Async face of the PKCS#11 host running in its worker, so no caller ever blocks on the module. */
export class TokenWorkerClient implements TokenHostChannel {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  readonly #tokenListeners = new Set<(tokens: Token[]) => void>();
  #nextId = 1;
  #exited = false;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (message: WorkerOutbound) => this.#onMessage(message));
    worker.on('exit', () => this.#onExit());
    worker.on('error', () => this.#onExit());
  }

  static async start(start: WorkerStartData): Promise<TokenWorkerClient> {
    const worker = new Worker(workerEntry(), { workerData: start, resourceLimits: WORKER_HEAP_LIMITS });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', (message: WorkerOutbound) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'failed') reject(fromWireError(message.error));
        else reject(new AppError('INTERNAL'));
      });
      worker.once('error', (error) => reject(new AppError('MODULE_INVALID', { path: start.modulePath }, { cause: error })));
      worker.once('exit', () => reject(new AppError('MODULE_INVALID', { path: start.modulePath })));
    })
      .catch(async (error: unknown) => {
        await worker.terminate();
        throw error;
      })
      .finally(afterWorkerStarted);
    return new TokenWorkerClient(worker);
  }

  call<M extends HostMethod>(method: M, ...args: Parameters<Pkcs11Host[M]>): Promise<HostResult<M>> {
    if (this.#exited) return Promise.reject(new AppError('MODULE_INVALID'));
    const id = this.#nextId++;
    const message: WorkerInbound = { type: 'call', id, method, args };
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#worker.postMessage(message);
    });
  }

  onTokensChanged(listener: (tokens: Token[]) => void): () => void {
    this.#tokenListeners.add(listener);
    return () => this.#tokenListeners.delete(listener);
  }

  async stop(): Promise<void> {
    if (this.#exited) return;
    const exited = new Promise((resolve) => this.#worker.once('exit', resolve));
    this.#worker.postMessage({ type: 'stop' } satisfies WorkerInbound);
    await exited;
  }

  #onMessage(message: WorkerOutbound): void {
    if (message.type === 'tokens') {
      for (const listener of this.#tokenListeners) listener(message.tokens);
      return;
    }
    if (message.type !== 'reply') return;
    const pending = this.#pending.get(message.id);
    this.#pending.delete(message.id);
    if (message.ok) pending?.resolve(message.value);
    else pending?.reject(fromWireError(message.error));
  }

  /** A module that crashes its thread must not take the app with it: callers get a typed error. */
  #onExit(): void {
    this.#exited = true;
    for (const pending of this.#pending.values()) pending.reject(new AppError('DEVICE_ERROR', { reason: 'module thread ended' }));
    this.#pending.clear();
  }
}
