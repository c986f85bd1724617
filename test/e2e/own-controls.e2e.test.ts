import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { openInChromium, screenshot } from '../support/browser.ts';
import { scanPng } from '../support/png.ts';
import { tempDir } from '../support/temp.ts';
import { startWebShellProcess } from '../support/web-shell.ts';

// Issue 27, "Chinese date pickers and file controls in the app's own style": the browser's own say
// mm/dd/yyyy and "Choose File / No file chosen" in the system's language, whatever the app's. At 1024 × 700.
const home = tempDir('e2e-own-controls');
const starting = startWebShellProcess(home);
let browser: Browser;
let page: Page;

before(async () => {
  ({ browser, page } = await openInChromium((await starting).url, { width: 1024, height: 700 }));
  writeFileSync(join(home, 'topology.png'), scanPng(96));
});
after(() => browser?.close());

const nav = (name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true });
const field = (id: string) => page.locator(`#root_${id}`);
const readout = (input: Locator) => input.locator('xpath=following-sibling::*[@data-testid="date-readout"]');

/** The browser's own controls left in sight: date pickers, and file inputs wider than the 1 px kept for the keyboard. */
async function browserControlsShown(): Promise<string[]> {
  const shown: string[] = [];
  for (const input of await page
    .locator('input:is([type="date"], [type="datetime-local"], [type="month"], [type="time"], [type="file"])')
    .all()) {
    const box = await input.boundingBox();
    if (box !== null && box.width > 1) shown.push(`${await input.getAttribute('type')} ${await input.getAttribute('name')}`);
  }
  return shown;
}

async function startForm(title: string): Promise<void> {
  await page.getByRole('button', { name: '新建申请' }).click();
  await page.getByRole('listitem').filter({ hasText: title }).getByRole('button', { name: '开始填写' }).click();
  await field('applicant').waitFor();
}

test('申请表: 从 JSON 文件导入 is a button of the app, and no browser file control or date picker shows', async () => {
  await nav('申请').click();
  await page.getByLabel('存储口令', { exact: true }).fill('本机存储口令-2026');
  await page.getByLabel('再次输入口令').fill('本机存储口令-2026');
  await page.getByRole('button', { name: '设置口令并开始' }).click();
  await page.getByRole('button', { name: '新建申请' }).click();
  const first = page.getByRole('listitem').first();
  assert.equal(await first.locator('.file-input-button').innerText(), '从 JSON 文件导入');
  assert.deepEqual(await browserControlsShown(), []);
  await screenshot(page, 'own-controls-catalog');
  await page.getByRole('button', { name: '返回列表' }).click();
});

test('a form’s day is typed in the app’s field (年-月-日) and read back as 2026年12月24日; a month-first date is refused in words', async () => {
  await startForm('容灾备份业务申请');
  const day = field('applicationDate');
  assert.equal(await day.getAttribute('type'), 'text');
  assert.equal(await day.getAttribute('placeholder'), '年-月-日');
  await day.fill('2026年12月24日');
  assert.equal(await readout(day).innerText(), '2026年12月24日');
  await day.fill('12/24/2026');
  assert.equal(await readout(day).innerText(), '请按“年-月-日”填写，如 2026-12-24');
  await day.fill('2026-12-24');
  assert.equal(await readout(day).innerText(), '2026年12月24日');
  assert.deepEqual(await browserControlsShown(), []);
  await screenshot(page, 'own-controls-date');
  await page.getByRole('button', { name: '返回列表' }).click();
});

test('an attachment is chosen by the app’s 选择文件… (reached by Tab, focus shown), and the field names the file kept', async () => {
  await startForm('政务外网接入申请');
  const input = page.locator('input[name="topology"]');
  const button = page.locator('[data-field="topology"] .file-input-button');
  assert.equal(await button.innerText(), '选择文件…');
  await page.locator('[data-field="topology"]').getByText('尚未添加文件').waitFor();
  assert.deepEqual(await browserControlsShown(), []);
  await field('bandwidthMbps').focus();
  for (let i = 0; i < 5 && !(await input.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  assert.equal(await input.evaluate((el) => el === document.activeElement), true, 'Tab reaches the file control');
  assert.equal(await button.evaluate((el) => getComputedStyle(el).outlineStyle), 'solid', 'the focus shows on the visible button');
  await input.setInputFiles(join(home, 'topology.png'));
  await page
    .locator('[data-field="topology"]')
    .getByText(/^topology\.png（/)
    .waitFor();
  await page.locator('[data-field="topology"]').getByRole('button', { name: '删除' }).waitFor();
  await screenshot(page, 'own-controls-attachment');
  await page.getByRole('button', { name: '返回列表' }).click();
});

test('审计’s report period and English: YYYY-MM-DD typed, 1 Oct 2026 read back, Choose a file…', async () => {
  await nav('审计').click();
  const month = page.locator('select[name="reportMonth"]');
  assert.match(await month.locator('option:checked').innerText(), /^\d{4}年\d{1,2}月$/, 'the report’s month in words');
  await page.locator('select[name="span"]').selectOption('custom');
  const from = page.locator('input[name="reportFrom"]');
  assert.match(await readout(from).innerText(), /^\d{4}年\d{1,2}月1日$/, 'the day it starts with, read in words');
  await from.fill('2026-10-01');
  assert.equal(await readout(from).innerText(), '2026年10月1日');
  assert.deepEqual(await browserControlsShown(), []);
  await nav('设置').click();
  await page.getByLabel('English').click();
  await nav('Audit').click();
  assert.match(await month.locator('option:checked').innerText(), /^[A-Z][a-z]+ \d{4}$/);
  await page.locator('select[name="span"]').selectOption('custom');
  const fromEn = page.locator('input[name="reportFrom"]');
  assert.equal(await fromEn.getAttribute('placeholder'), 'YYYY-MM-DD');
  await fromEn.fill('2026/10/01');
  assert.equal(await readout(fromEn).innerText(), '1 Oct 2026');
  await screenshot(page, 'own-controls-audit-en');
  await nav('Applications').click();
  await page.getByRole('button', { name: 'New application' }).click();
  assert.equal(await page.getByRole('listitem').first().locator('.file-input-button').innerText(), 'Import from a JSON file');
  await nav('Settings').click();
  await page.getByLabel('中文').click();
});

test('代管’s period is a day and a time of day in the app’s fields (24-hour), not the browser’s mm/dd/yyyy --:-- AM', async () => {
  await nav('印章').click();
  await page.getByRole('tab', { name: '代管' }).click();
  const day = page.getByLabel('开始时间');
  assert.equal(await day.getAttribute('placeholder'), '年-月-日');
  await day.fill('2026-12-24');
  assert.equal(await readout(day).innerText(), '2026年12月24日');
  const clock = page.locator('input[name="fromClock"]');
  assert.equal(await clock.getAttribute('aria-label'), '时刻（时:分，24 小时制）');
  await clock.fill('9:60');
  assert.equal(await clock.getAttribute('aria-invalid'), 'true');
  await clock.fill('9:00');
  assert.equal(await clock.getAttribute('aria-invalid'), 'false');
  assert.deepEqual(await browserControlsShown(), []);
  await screenshot(page, 'own-controls-custody');
});
