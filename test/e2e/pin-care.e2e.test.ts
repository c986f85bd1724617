import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { openInChromium, screenshot } from '../support/browser.ts';
import { freshDemo } from '../support/demo.ts';
import { buildUsbKeyModule } from '../support/usbkey-module.ts';
import { tempDir } from '../support/temp.ts';
import { startWebShellProcess } from '../support/web-shell.ts';

// A newly issued USBKey (the fixture reports CKF_USER_PIN_TO_BE_CHANGED until C_SetPIN) in the web shell.
const provisioned = freshDemo('pin-care-e2e');
const starting = provisioned.then((demo) => {
  const module = buildUsbKeyModule(demo.modulePath, 3).path;
  return startWebShellProcess(tempDir('pin-care-home'), {
    SEALDESK_PKCS11_MODULE: module,
    SOFTHSM2_CONF: demo.softhsmConf,
    SEALDESK_TEST_PIN_TO_BE_CHANGED: '1',
  });
});
let browser: Browser;
let page: Page;
let card: Locator;

before(async () => {
  ({ browser, page } = await openInChromium((await starting).url));
  card = page.getByTestId('token-card');
  await card.waitFor();
});
after(() => browser?.close());

test('an issued PIN must be changed before signing; the form ticks off the rules and the change unblocks signing', async () => {
  const demo = await provisioned;
  await card.getByText('此 USBKey 仍使用发放时的初始 PIN', { exact: false }).waitFor();
  // 首页's overview says it first among the key's matters; its button leads to the card with the form.
  const initial = page.getByTestId('overview').getByRole('listitem').filter({ hasText: '仍在使用初始 PIN，修改后才能签名' });
  await initial.getByRole('button', { name: '修改 PIN' }).click();
  assert.equal(await card.evaluate((element) => element === document.activeElement), true, 'the key’s card has the focus');
  await card.getByLabel('PIN 码').fill(demo.pin);
  await card.getByRole('button', { name: '登录' }).click();
  await card.getByText('已登录', { exact: true }).waitFor();

  await page.getByRole('navigation').getByRole('button', { name: '证书' }).click();
  const unitCard = page.getByTestId('certificate-card').filter({ hasText: '单位证书' });
  await unitCard.getByRole('button', { name: '测试签名' }).click();
  assert.match(await unitCard.getByRole('alert').innerText(), /修改 PIN 之前不能签名/);

  await page.getByRole('navigation').getByRole('button', { name: '首页' }).click();
  const form = card.getByRole('form', { name: '修改 PIN' });
  await form.getByLabel('当前 PIN').fill(demo.pin);
  await form.getByLabel('新 PIN', { exact: true }).fill('12345678');
  await form.getByLabel('再次输入新 PIN').fill('12345678');
  assert.equal(await form.getByRole('button', { name: '确认修改' }).isDisabled(), true, 'digits only is refused before sending');
  assert.match(await form.locator('.rule-open').first().innerText(), /同时包含字母和数字/);
  await form.getByLabel('新 PIN', { exact: true }).fill('Seal2026desk');
  await form.getByLabel('再次输入新 PIN').fill('Seal2026desk');
  await screenshot(page, 'pin-change');
  await form.getByRole('button', { name: '确认修改' }).click();
  await card.getByText('PIN 已修改。').waitFor();
  assert.equal(await card.getByText('需修改初始 PIN').count(), 0, 'the badge follows the token');
  await initial.waitFor({ state: 'detached' });

  await page.getByRole('navigation').getByRole('button', { name: '证书' }).click();
  await unitCard.getByRole('button', { name: '测试签名' }).click();
  await unitCard.getByText('测试签名成功', { exact: false }).waitFor();
});
