import {
  DOWNLOAD_PATH,
  ServerFrameSchema,
  WEB_SECRET_HEADER,
  WEB_SECRET_PROTOCOL_PREFIX,
  WEB_SOCKET_PATH,
  type Outcome,
} from '../../../shared/api/index.ts';
import { WireErrorSchema } from '../../../shared/error-schema.ts';
import { AppError, fromWireError } from '../../../shared/errors.ts';
import type { Transport } from './client.ts';

const RECONNECT_MS = 1000;

/**
 * The web shell's transport: one WebSocket to the page's own origin, authenticated by the launch
 * secret, reconnecting after the service restarts. Calls made while disconnected wait for the socket.
 */
export function webSocketTransport(secret: string): Transport {
  const pending = new Map<number, (outcome: Outcome) => void>();
  const eventListeners: ((event: string, payload: unknown) => void)[] = [];
  const connectionListeners = new Set<(connected: boolean) => void>();
  let nextId = 1;
  let socket: WebSocket;
  let opened: Promise<void>;

  function connect(): void {
    const url = `ws://${location.host}${WEB_SOCKET_PATH}`;
    socket = new WebSocket(url, [`${WEB_SECRET_PROTOCOL_PREFIX}${secret}`]);
    opened = new Promise((resolve) => socket.addEventListener('open', () => resolve(), { once: true }));
    socket.addEventListener('open', () => connectionListeners.forEach((l) => l(true)));
    socket.addEventListener('message', (message) => receive(String(message.data)));
    socket.addEventListener('close', () => {
      connectionListeners.forEach((l) => l(false));
      for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'INTERNAL', params: {} } });
      pending.clear();
      setTimeout(connect, RECONNECT_MS);
    });
  }

  function receive(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    const frame = ServerFrameSchema.safeParse(json);
    if (!frame.success) return;
    if (frame.data.type === 'event') {
      for (const listener of eventListeners) listener(frame.data.event, frame.data.payload);
      return;
    }
    const resolve = pending.get(frame.data.id);
    pending.delete(frame.data.id);
    resolve?.(frame.data.ok ? { ok: true, result: frame.data.result } : { ok: false, error: frame.data.error });
  }

  connect();
  return {
    async call(method, params) {
      await opened;
      const id = nextId++;
      return new Promise<Outcome>((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ type: 'call', id, method, params }));
      });
    },
    onEvent: (listener) => void eventListeners.push(listener),
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    fetchFile: (path) => fetchWithSecret(path, secret),
  };
}

/** The download route answers a refusal with the typed error as JSON. */
async function fetchWithSecret(path: string, secret: string): Promise<Blob> {
  const response = await fetch(`${DOWNLOAD_PATH}?${new URLSearchParams({ path }).toString()}`, {
    headers: { [WEB_SECRET_HEADER]: secret },
  });
  if (response.ok) return response.blob();
  const error = WireErrorSchema.safeParse(await response.json().catch(() => null));
  throw error.success ? fromWireError(error.data) : new AppError('UNAUTHORIZED');
}

/** The secret arrives once in the URL fragment; it is kept for this tab only and removed from the address bar. */
export function takeLaunchSecret(): string | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('secret');
  if (fromHash !== null) {
    sessionStorage.setItem('sealdesk.secret', fromHash);
    history.replaceState(null, '', location.pathname);
    return fromHash;
  }
  return sessionStorage.getItem('sealdesk.secret');
}
