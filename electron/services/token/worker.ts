import { parentPort, workerData } from 'node:worker_threads';
import { toWireError } from '../../../shared/errors.ts';
import type { Token } from '../../../shared/model/token.ts';
import { invokeHost } from './channel.ts';
import { Pkcs11Host } from './host.ts';
import { HOST_METHODS, type WorkerInbound, type WorkerOutbound, type WorkerStartData } from './protocol.ts';

/** Polling fast enough that a plugged or pulled token shows within 2 s, slow enough to cost nothing. */
const HOTPLUG_POLL_MS = 750;

const port = parentPort;
if (port === null) throw new Error('worker.ts must run as a worker thread');
const start = workerData as WorkerStartData;
const host = new Pkcs11Host(start.modulePath, start.rescanPolicy);

function post(message: WorkerOutbound): void {
  port?.postMessage(message);
}

let lastSnapshot = '';
/** Posts the token list when it differs from the last one posted. */
function publish(list: () => Token[]): void {
  try {
    const tokens = list();
    const snapshot = JSON.stringify(tokens);
    if (snapshot !== lastSnapshot) {
      lastSnapshot = snapshot;
      post({ type: 'tokens', tokens });
    }
  } catch {
    // A token yanked mid-scan fails this round only; the next poll sees the new state.
  }
}

try {
  host.load();
  lastSnapshot = JSON.stringify(host.tokens());
  post({ type: 'ready' });
  setInterval(() => publish(() => host.rescan()), HOTPLUG_POLL_MS).unref();
} catch (error) {
  post({ type: 'failed', error: toWireError(error) });
}

port.on('message', (message: WorkerInbound) => {
  if (message.type === 'stop') {
    host.close();
    process.exit(0);
  }
  if (!HOST_METHODS.includes(message.method)) {
    post({ type: 'reply', id: message.id, ok: false, error: { code: 'BAD_REQUEST', params: {} } });
    return;
  }
  try {
    post({ type: 'reply', id: message.id, ok: true, value: invokeHost(host, message.method, message.args) });
    // A signature changes nothing a token shows, and reading every slot after each one (C_GetSlotInfo and
    // C_GetTokenInfo per slot) added to every signed request; the poll still sees a token pulled meanwhile.
    if (message.method === 'sign') return;
  } catch (error) {
    post({ type: 'reply', id: message.id, ok: false, error: toWireError(error) });
  }
  // Login state changes what a token shows; tell listeners now rather than at the next poll, without
  // the rescan (which may re-initialise the module) that only the poll needs.
  publish(() => host.tokens());
});
