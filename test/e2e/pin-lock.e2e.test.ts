import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openInChromium, screenshot } from '../support/browser.ts';
import { TokenService } from '../../electron/services/token/index.ts';
import { freshDemo } from '../support/demo.ts';
import { opensslCmsVerify } from '../support/openssl.ts';
import { addUnitKey } from '../support/second-key.ts';
import { buildUsbKeyModule } from '../support/usbkey-module.ts';
import { tempDir } from '../support/temp.ts';
import { startWebShellProcess } from '../support/web-shell.ts';

// The web shell on keys that count wrong PINs (SoftHSM2 behind the counting fixture), as USBKeys do: the
// holder's demo key, and the unit's other key whose 单位证书 signs the locked one's unlock request.
const provisioned = freshDemo('pin-lock');
const work = tempDir('pin-lock-work');
const otherKey = provisioned.then(async (demo) => {
  const tokens = await TokenService.open(demo.modulePath);
  try {
    return await addUnitKey(tokens, work);
  } finally {
    await tokens.close();
  }
});
const starting = otherKey.then(async () => {
  const demo = await provisioned;
  const module = buildUsbKeyModule(demo.modulePath, 3).path;
  // The unit's IT CA, which issued the other key's 单位证书, is among the unit's trusted roots.
  const home = tempDir('pin-lock-home');
  writeFileSync(join(home, 'settings.json'), JSON.stringify({ trustedRoots: [readFileSync((await otherKey).caPath, 'utf8')] }));
  return startWebShellProcess(home, { SEALDESK_PKCS11_MODULE: module, SOFTHSM2_CONF: demo.softhsmConf });
});
let browser: Browser;
let page: Page;

/** The holder's key; the unit's other key has a card of its own. */
const holderCard = () => page.getByTestId('token-card').filter({ hasText: 'SealDesk 演示' });

before(async () => {
  ({ browser, page } = await openInChromium((await starting).url));
  await holderCard().waitFor();
});
after(() => browser?.close());

/** Types a PIN, waits until the token card shows `badge` (the state the token now reports), returns the alert. */
async function tryPin(pin: string, badge: string): Promise<string> {
  const card = holderCard();
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
  assert.equal(await holderCard().getByLabel('PIN 码').isDisabled(), true, 'a locked token takes no more PINs');
  await page.reload();
  assert.match(
    await holderCard().getByRole('alert').innerText(),
    /PIN 已锁定，请不要再尝试/,
    'the lock is shown from the token flags alone',
  );
  // 首页's overview lists it; its button leads to the key's card, where 解锁 is done.
  const locked = page.getByTestId('overview').getByRole('listitem').filter({ hasText: 'USBKey“SealDesk 演示”的 PIN 已锁定' });
  await locked.getByRole('button', { name: '解锁' }).click();
  assert.equal(await holderCard().evaluate((card) => card === document.activeElement), true, 'the locked key’s card has the focus');
  await screenshot(page, 'pin-locked');
});

test('a locked key’s unlock request is signed with the 单位证书 on the other, logged-in key; openssl cms -verify accepts it', async () => {
  const locked = holderCard();
  await locked.getByRole('button', { name: '生成解锁申请' }).click();
  const form = locked.getByRole('form', { name: '生成解锁申请' });
  await form.getByText('请插入并登录另一把 USBKey').waitFor();
  const other = await otherKey;
  const otherCard = page.getByTestId('token-card').filter({ hasText: other.label });
  await otherCard.getByLabel('PIN 码').fill(other.pin);
  await otherCard.getByRole('button', { name: '登录' }).click();
  await otherCard.getByText('已登录', { exact: true }).waitFor();
  await form.getByLabel('签名证书').selectOption({ label: `${other.label} / 单位证书` });
  await form.getByRole('button', { name: '生成并签名' }).click();
  const done = await form.getByText(/解锁申请已生成，请交给单位 IT 管理员: /).innerText();
  const folder = done.replace(/^.*: /, '').trim();
  const verified = opensslCmsVerify(join(folder, 'unlock-request.p7s'), join(folder, 'unlock-request.json'), other.caPath);
  assert.equal(verified.ok, true, verified.output);
  assert.equal(JSON.parse(readFileSync(join(folder, 'unlock-request.json'), 'utf8')).reason, 'pin-locked');
});

test('the IT administrator unlocks the token with the SO PIN, and the holder logs in with the new PIN', async () => {
  const demo = await provisioned;
  const card = holderCard();
  await card.getByRole('button', { name: '解锁（IT 管理员）' }).click();
  const form = card.getByRole('form', { name: '解锁（IT 管理员）' });
  const request = form.getByLabel('解锁申请');
  await request.locator('option', { hasText: / 签名，/ }).waitFor({ state: 'attached' });
  assert.match(await request.locator('option:checked').innerText(), / 签名，/, 'the holder’s checked request is chosen');
  await request.selectOption({ label: '从其他电脑带来的申请…' });
  assert.equal(await form.getByRole('button', { name: '重置 PIN' }).isDisabled(), true, 'no reset without a request');
  await request.selectOption({ index: 0 });
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
