import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openInChromium, screenshot } from '../support/browser.ts';
import { freshDemo } from '../support/demo.ts';
import { buildUsbKeyModule } from '../support/usbkey-module.ts';
import { tempDir } from '../support/temp.ts';
import { startWebShellProcess } from '../support/web-shell.ts';

// The web shell on a token that counts wrong PINs (SoftHSM2 behind the counting fixture), as a USBKey does.
const provisioned = freshDemo('pin-lock');
const starting = provisioned.then((demo) => {
  const module = buildUsbKeyModule(demo.modulePath, 3).path;
  return startWebShellProcess(tempDir('pin-lock-home'), { SEALDESK_PKCS11_MODULE: module, SOFTHSM2_CONF: demo.softhsmConf });
});
let browser: Browser;
let page: Page;

before(async () => {
  ({ browser, page } = await openInChromium((await starting).url));
  await page.getByTestId('token-card').waitFor();
});
after(() => browser?.close());

/** Types a PIN, waits until the token card shows `badge` (the state the token now reports), returns the alert. */
async function tryPin(pin: string, badge: string): Promise<string> {
  const card = page.getByTestId('token-card');
  await card.getByLabel('PIN 码').fill(pin);
  await card.getByRole('button', { name: '登录' }).click();
  await card.getByText(badge, { exact: true }).waitFor();
  await card.getByRole('button', { name: '登录' }).waitFor();
  return card.getByRole('alert').innerText();
}

test('wrong PINs show the remaining tries, then that the token is locked and what to do', async () => {
  assert.equal(await page.getByTestId('demo-banner').count(), 0, 'a configured module is not demo mode');
  assert.equal(await tryPin('000000', '剩余尝试次数不多'), 'PIN 码错误。');
  assert.equal(await tryPin('000001', '仅剩最后一次尝试'), 'PIN 码错误，还剩 1 次尝试机会。');
  assert.match(await tryPin('000002', '已锁定'), /PIN 已锁定，请不要再尝试。请单位 IT 管理员用管理员 PIN 解锁/);
  assert.equal(await page.getByTestId('token-card').getByLabel('PIN 码').isDisabled(), true, 'a locked token takes no more PINs');
  await page.reload();
  assert.match(
    await page.getByTestId('token-card').getByRole('alert').innerText(),
    /PIN 已锁定，请不要再尝试/,
    'the lock is shown from the token flags alone',
  );
  await screenshot(page, 'pin-locked');
});

test('the IT administrator unlocks the token with the SO PIN, and the holder logs in with the new PIN', async () => {
  const demo = await provisioned;
  const card = page.getByTestId('token-card');
  await card.getByRole('button', { name: '解锁（IT 管理员）' }).click();
  const form = card.getByRole('form', { name: '解锁（IT 管理员）' });
  await form.getByLabel('管理员 PIN（SO PIN）').fill('wrong-so-pin');
  await form.getByLabel('新用户 PIN').fill('Reset2026pin');
  await form.getByRole('button', { name: '重置 PIN' }).click();
  await form.getByRole('alert').waitFor();
  assert.equal(await card.getByText('已锁定', { exact: true }).count(), 1, 'a wrong SO PIN leaves the token locked');
  await form.getByLabel('管理员 PIN（SO PIN）').fill(demo.soPin ?? '');
  await form.getByLabel('新用户 PIN').fill('Reset2026pin');
  await form.getByRole('button', { name: '重置 PIN' }).click();
  await card.getByText('正常', { exact: true }).waitFor();
  await card.getByLabel('PIN 码').fill('Reset2026pin');
  await card.getByRole('button', { name: '登录' }).click();
  await card.getByText('已登录', { exact: true }).waitFor();
});
