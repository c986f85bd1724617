import assert from 'node:assert/strict';
import { test } from 'node:test';
import { _electron as electron } from 'playwright-core';
import { electronBinary } from '../../bin/electron-binary.mjs';
import { tempDir } from '../support/temp.ts';

const binary = electronBinary();
const skip =
  binary === null ? 'the Electron binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD); the web shell e2e covers the UI' : false;

test('the desktop shell opens a sandboxed window in demo mode, with the demo resource center', { skip }, async () => {
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
  // Demo mode runs the reference center beside the desktop window too: 同步 offers its address and a code.
  await page.getByRole('button', { name: '同步' }).first().click();
  // Where the OS keychain is missing the vault asks for a passphrase first.
  const passphrase = page.getByLabel('存储口令', { exact: true });
  const enrolHint = page.getByText('首次使用请向资源中心申请一次性注册码');
  await passphrase.or(enrolHint).waitFor();
  if (await passphrase.isVisible()) {
    await passphrase.fill('桌面测试存储口令-2026');
    await page.getByLabel('再次输入口令').fill('桌面测试存储口令-2026');
    await page.getByRole('button', { name: '设置口令并开始' }).click();
  }
  await enrolHint.waitFor();
  assert.match(await page.getByLabel('资源中心地址').inputValue(), /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok((await page.getByLabel('注册码').inputValue()).length >= 6);
  await app.close();
});
