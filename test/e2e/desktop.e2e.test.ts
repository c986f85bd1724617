import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { _electron as electron } from 'playwright-core';
import { electronBinary } from '../../bin/electron-binary.mjs';
import { writeTestPdf } from '../support/pdf.ts';
import { confirmOnSheet } from '../support/signing-sheet.ts';
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
  // The page, loaded from file://, gets no CSP header: its <meta> CSP must be in force, so an inline script never runs.
  const inlineRan = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'document.body.dataset.inlineRan = "yes"';
    document.head.append(script);
    return document.body.dataset['inlineRan'] === 'yes';
  });
  assert.equal(inlineRan, false, 'the Content-Security-Policy applies to the window');
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

test('a result in the desktop shell offers 打开 and 在文件夹中显示 (the system’s), not the web shell’s 下载', { skip }, async () => {
  const home = tempDir('desktop-results');
  const input = join(home, '通知.pdf');
  writeTestPdf(input, 1);
  const app = await electron.launch({
    executablePath: binary ?? '',
    args: ['dist/electron/main.cjs'],
    env: { ...process.env, SEALDESK_HOME: home },
  });
  const page = await app.firstWindow();
  await page.getByTestId('demo-banner').waitFor();
  await page.getByRole('button', { name: '印章' }).first().click();
  await page.getByRole('tab', { name: '签发与盖章' }).click();
  await page.getByLabel('PDF 文件路径').fill(input);
  await page.getByRole('button', { name: '签发', exact: true }).click();
  const pin = (JSON.parse(readFileSync(join(home, 'demo', 'demo.json'), 'utf8')) as { pin: string }).pin;
  await confirmOnSheet(page, '签发', pin);
  const row = page.getByTestId('seal-results').getByRole('row').nth(1);
  await row.getByText(`已生成 ${join(home, '通知-已签发.pdf')}`).waitFor();
  assert.equal(await row.getByRole('button', { name: '打开' }).count(), 1);
  assert.equal(await row.getByRole('button', { name: '在文件夹中显示' }).count(), 1);
  assert.equal(await row.getByRole('button', { name: '下载' }).count(), 0);
  await app.close();
});
