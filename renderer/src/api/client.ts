import {
  api,
  events,
  type EventName,
  type EventPayload,
  type MethodName,
  type Outcome,
  type ParamsOf,
  type ResultOf,
} from '../../../shared/api/index.ts';
import { AppError, fromWireError } from '../../../shared/errors.ts';

/** What the desktop preload exposes on window.sealdesk: one call, one event subscription, a dropped file's path. */
export interface DesktopBridge {
  call(method: string, params: unknown): Promise<Outcome>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  pathForFile(file: File): string;
}

/** Where a dropped file lives on disk; a browser never tells, so the web shell gets null. */
export function droppedFilePath(file: File): string | null {
  const path = window.sealdesk?.pathForFile(file) ?? '';
  return path === '' ? null : path;
}

declare global {
  interface Window {
    sealdesk?: DesktopBridge;
  }
}

type Listener = (payload: unknown) => void;

/** The renderer's typed view of the contract; results and events are parsed before the UI sees them. */
export class ApiClient {
  readonly #listeners = new Map<EventName, Set<Listener>>();
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
    transport.onEvent((event, payload) => this.#deliver(event, payload));
  }

  async call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    const outcome = await this.#transport.call(method, params);
    if (!outcome.ok) throw fromWireError(outcome.error);
    const parsed = api[method].result.safeParse(outcome.result);
    if (!parsed.success) throw new AppError('BAD_REQUEST', { detail: 'malformed result' });
    return parsed.data as ResultOf<M>;
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.#listeners.get(event) ?? new Set<Listener>();
    this.#listeners.set(event, set);
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }

  onConnectionChange(listener: (connected: boolean) => void): () => void {
    return this.#transport.onConnectionChange(listener);
  }

  /** Whether the shell streams files whole (the web shell's download route), the only way to hand over a report's CSV and workbook. */
  get streamsFiles(): boolean {
    return this.#transport.fetchFile !== undefined;
  }

  /** A file's bytes streamed whole, where the shell serves them so (the web shell's download route); null elsewhere. */
  fetchFile(path: string): Promise<Blob> | null {
    return this.#transport.fetchFile?.(path) ?? null;
  }

  #deliver(event: string, payload: unknown): void {
    if (!Object.hasOwn(events, event)) return;
    const name = event as EventName;
    const parsed = events[name].safeParse(payload);
    if (!parsed.success) return;
    for (const listener of this.#listeners.get(name) ?? []) listener(parsed.data);
  }
}

export interface Transport {
  call(method: string, params: unknown): Promise<Outcome>;
  onEvent(listener: (event: string, payload: unknown) => void): void;
  onConnectionChange(listener: (connected: boolean) => void): () => void;
  fetchFile?(path: string): Promise<Blob>;
}

export function desktopTransport(bridge: DesktopBridge): Transport {
  return {
    call: (method, params) => bridge.call(method, params),
    onEvent: (listener) => void bridge.onEvent(listener),
    onConnectionChange: () => () => undefined,
  };
}
