import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openInChromium, screenshot } from '../support/browser.ts';
import { tempDir } from '../support/temp.ts';
import { startWebShellProcess } from '../support/web-shell.ts';

// Issue 27, "confirm every legal act on one sheet": 登记代管并签名 signs the handover on three keys and
// lets another person seal for the unit, so it asks first, like 签发 and 盖章 do.
const home = tempDir('e2e-custody-sheet');
const starting = startWebShellProcess(home);
let browser: Browser;
let page: Page;

before(async () => {
  ({ browser, page } = await openInChromium((await starting).url));
});
after(() => browser?.close());

test('登记代管并签名 opens a sheet: who stands in, who approves (holder, kind, expiry), the period in words, what follows; 取消 registers nothing', async () => {
  await page.getByRole('navigation').getByRole('button', { name: '印章', exact: true }).click();
  await page.getByRole('tab', { name: '代管' }).click();
  const holder = page.locator('select[name="standIn"] option').nth(1);
  await holder.waitFor({ state: 'attached' });
  const choice = (await holder.getAttribute('value')) ?? '';
  await page.locator('select[name="standIn"]').selectOption(choice);
  await page.locator('select[name="approver"]').selectOption(choice);
  await page.getByLabel('开始时间').fill('2026-12-24');
  await page.locator('input[name="fromClock"]').fill('9:00');
  await page.getByLabel('结束时间').fill('2026-12-31');
  await page.locator('input[name="untilClock"]').fill('18:00');
  await page.getByLabel('事由').fill('保管人出差');
  await page.getByRole('button', { name: '登记代管并签名' }).click();

  const sheet = page.getByRole('dialog', { name: '确认登记代管' });
  await sheet.waitFor();
  const facts = await sheet.getByTestId('certificate-facts').allInnerTexts();
  assert.equal(facts.length, 2);
  for (const line of facts) assert.match(line, /^张三 · 个人证书 · USBKey“.+” · \d{4}年\d+月\d+日到期（\d+ 天后到期）$/);
  assert.match(await sheet.innerText(), /期限\s+2026年12月24日 09:00 至 2026年12月31日 18:00\s+事由\s+保管人出差/);
  assert.match(await sheet.getByTestId('consequence').innerText(), /^登记后，代管人在此期限内可以用本单位的印章盖章/);
  await screenshot(page, 'sheet-custody');
  await sheet.getByRole('button', { name: '取消' }).click();
  await sheet.waitFor({ state: 'detached' });
  await page.getByText('没有代管记录。').waitFor();
  assert.equal(await page.getByText(/已登记代管/).count(), 0, 'nothing was registered');
});
