import assert from 'node:assert/strict';
import { test } from 'node:test';
import { _electron as electron } from 'playwright-core';
import { electronBinary } from '../../bin/electron-binary.mjs';
import { tempDir } from '../support/temp.ts';

const binary = electronBinary();
const skip =
  binary === null ? 'the Electron binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD); the web shell e2e covers the UI' : false;

test('the desktop shell opens a sandboxed window in demo mode', { skip }, async () => {
  const app = await electron.launch({
    executablePath: binary ?? '',
    args: ['dist/electron/main.cjs'],
    env: { ...process.env, SEALDESK_HOME: tempDir('desktop') },
  });
  const page = await app.firstWindow();
  await page.getByTestId('demo-banner').waitFor();
  const exposed = await page.evaluate(() => ({
    node: typeof (globalThis as { require?: unknown }).require,
    bridge: Object.keys(window.sealdesk ?? {}),
  }));
  assert.deepEqual(exposed, { node: 'undefined', bridge: ['call', 'onEvent'] });
  await app.close();
});
