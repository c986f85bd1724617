// The desktop shell's preload, as bundled for Electron's sandbox, run against a stand-in for `electron`:
// the page gets exactly three functions over the two SealDesk channels, never ipcRenderer, an IPC event
// or a Node module (the desktop e2e tests need the Electron binary; this one does not).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { bundlePreload } from '../../../../build/bundle-node.mjs';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../../../shared/api/ipc.ts';
import { tempDir } from '../../../support/temp.ts';

type Handler = (...args: unknown[]) => void;

interface Loaded {
  exposed: Map<string, Record<string, unknown>>;
  required: string[];
  invoked: unknown[][];
  listeners: Map<string, Set<Handler>>;
  ipcRenderer: object;
}

async function loadPreload(pathForFile: (file: unknown) => string): Promise<Loaded> {
  const out = tempDir('preload');
  await bundlePreload({ preload: 'electron/desktop/preload.ts' }, out);
  const source = readFileSync(join(out, 'preload.cjs'), 'utf8');
  const loaded: Loaded = { exposed: new Map(), required: [], invoked: [], listeners: new Map(), ipcRenderer: {} };
  const ipcRenderer = {
    invoke: (...args: unknown[]) => {
      loaded.invoked.push(args);
      return Promise.resolve('answer');
    },
    on: (channel: string, handler: Handler) => {
      const set = loaded.listeners.get(channel) ?? new Set();
      loaded.listeners.set(channel, set.add(handler));
    },
    removeListener: (channel: string, handler: Handler) => loaded.listeners.get(channel)?.delete(handler),
  };
  loaded.ipcRenderer = ipcRenderer;
  const electron = {
    contextBridge: { exposeInMainWorld: (name: string, api: Record<string, unknown>) => loaded.exposed.set(name, api) },
    ipcRenderer,
    webUtils: { getPathForFile: pathForFile },
  };
  const module = { exports: {} };
  const require = (name: string): unknown => {
    loaded.required.push(name);
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return electron;
  };
  runInNewContext(source, { require, module, exports: module.exports });
  return loaded;
}

test('the preload exposes window.sealdesk with call, onEvent and pathForFile only, and requires nothing but electron', async () => {
  const { exposed, required, ipcRenderer } = await loadPreload(() => '');
  assert.deepEqual([...exposed.keys()], ['sealdesk']);
  const api = exposed.get('sealdesk') ?? {};
  assert.deepEqual(Object.keys(api).sort(), ['call', 'onEvent', 'pathForFile']);
  for (const value of Object.values(api)) assert.equal(typeof value, 'function');
  assert.ok(!Object.values(api).includes(ipcRenderer), 'ipcRenderer itself is not exposed');
  assert.deepEqual([...new Set(required)], ['electron']);
});

test('call goes over the one call channel; onEvent hands on the name and payload only, and unsubscribes', async () => {
  const { exposed, invoked, listeners } = await loadPreload(() => '');
  const api = exposed.get('sealdesk') as {
    call: (method: string, params: unknown) => Promise<unknown>;
    onEvent: (listener: (name: string, payload: unknown) => void) => () => void;
  };
  assert.equal(await api.call('tokens.list', {}), 'answer');
  assert.deepEqual(invoked, [[IPC_CALL_CHANNEL, 'tokens.list', {}]]);

  const heard: unknown[][] = [];
  const off = api.onEvent((...args) => heard.push(args));
  assert.deepEqual([...listeners.keys()], [IPC_EVENT_CHANNEL]);
  const [handler] = [...(listeners.get(IPC_EVENT_CHANNEL) ?? [])];
  handler?.({ sender: 'the IPC event, with its sender' }, 'tokens.changed', { tokens: [] });
  assert.deepEqual(heard, [['tokens.changed', { tokens: [] }]], 'the IPC event does not reach the page');
  off();
  assert.equal(listeners.get(IPC_EVENT_CHANNEL)?.size, 0);
});

test("pathForFile answers a dropped file's path through webUtils, and '' for what is not a file instead of throwing into the page", async () => {
  const file = { name: '通知.pdf' };
  const { exposed } = await loadPreload((given) => {
    if (given !== file) throw new TypeError('Expected a File');
    return '/home/user/Documents/通知.pdf';
  });
  const { pathForFile } = exposed.get('sealdesk') as { pathForFile: (file: unknown) => string };
  assert.equal(pathForFile(file), '/home/user/Documents/通知.pdf');
  assert.equal(pathForFile('/etc/passwd'), '');
});
