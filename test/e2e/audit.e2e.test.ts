// 审计 on the web shell: an approval and a seal done in the window are listed with their times in local
// form, among months of earlier records; the filters and the search narrow the table, the chart draws
// uses per month per seal, and a record removed from the file shows as a broken chain.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { Ledger } from '../../electron/services/audit/index.ts';
import type { AuditRecord } from '../../shared/model/audit.ts';
import { sealRecord, type SealName } from '../support/audit.ts';
import { openInChromium, screenshot } from '../support/browser.ts';
import { writeTestPdf } from '../support/pdf.ts';
import { tempDir } from '../support/temp.ts';
import { startWebShellProcess } from '../support/web-shell.ts';
import { approveAndSeal } from '../support/signing-sheet.ts';

const home = tempDir('e2e-audit');
const starting = startWebShellProcess(home);
let browser: Browser;
let page: Page;

/** Earlier uses of two seals over three months, as another computer's CLI would have recorded them. */
const earlier = (month: number, seal: SealName, document: string): AuditRecord =>
  sealRecord(new Date(2026, month, 10, 9, 30), seal, document);

before(async () => {
  ({ browser, page } = await openInChromium((await starting).url));
  writeTestPdf(join(home, '通知.pdf'), 2);
  const ledger = Ledger.in(home);
  ledger.append(earlier(8, '合同专用章', '采购合同.pdf'));
  ledger.append(earlier(8, '电子印章', '会议纪要.pdf'));
  ledger.append(earlier(9, '合同专用章', '租赁合同.pdf'));
  ledger.append(earlier(9, '合同专用章', '服务合同.pdf'));
  ledger.append(earlier(10, '电子印章', '年度报告.pdf'));
});
after(() => browser?.close());

const demoPin = (): string => (JSON.parse(readFileSync(join(home, 'demo', 'demo.json'), 'utf8')) as { pin: string }).pin;

test('an approval and a seal in the window are listed in 审计 with the earlier records, the chain intact', async () => {
  await approveAndSeal(page, join(home, '通知.pdf'), demoPin());

  await page.getByRole('button', { name: '审计' }).first().click();
  await page.getByLabel('存储口令', { exact: true }).fill('审计台账口令-2026');
  await page.getByLabel('再次输入口令').fill('审计台账口令-2026');
  await page.getByRole('button', { name: '设置口令并开始' }).click();

  const status = page.getByRole('status').filter({ hasText: '哈希链完整' });
  await status.waitFor();
  assert.match(await status.innerText(), /^自 2026年9月10日 09:30 起记录，共 7 条，哈希链完整。$/);
  const rows = page.locator('.audit-table tbody tr');
  assert.equal(await rows.count(), 7);
  // Newest first: the seal done in this window, then its approval.
  const newest = await rows.nth(0).innerText();
  assert.match(newest, /盖章[\s\S]*张三[\s\S]*电子印章[\s\S]*张三[\s\S]*通知-已签发\.pdf[\s\S]*网页/);
  assert.match(await rows.nth(1).innerText(), /签发[\s\S]*张三[\s\S]*个人证书[\s\S]*通知\.pdf[\s\S]*网页/);
  const text = await page.locator('section.audit').innerText();
  assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}T\d{2}/, 'no ISO time anywhere');
  assert.match(await rows.nth(6).innerText(), /^2026年9月10日 09:30\t盖章\t王五\t合同专用章\t李四\t采购合同\.pdf/);
});

test('filters, search and the chart of seal uses per month per seal', async () => {
  const rows = page.locator('.audit-table tbody tr');
  const chart = page.getByRole('img', { name: '每月用印次数（按印章）' });
  // Months Sept, Oct, Nov and this month; two seals each, plus this window's 电子印章 seal.
  assert.match(await page.locator('.audit-chart').innerText(), /2026年9月[\s\S]*2026年10月[\s\S]*2026年11月/);
  assert.equal(await chart.locator('rect').count(), 8);
  assert.deepEqual(
    (await page.locator('.audit-legend li').allInnerTexts()).map((s) => s.trim()),
    ['合同专用章', '电子印章'],
  );

  await page.getByLabel('印章/证书').selectOption('合同专用章');
  assert.equal(await rows.count(), 3);
  await page.getByLabel('搜索文件名').fill('租赁');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.nth(0).innerText(), /租赁合同\.pdf/);
  await page.getByLabel('搜索文件名').fill('');
  await page.getByLabel('印章/证书').selectOption('');

  await page.getByLabel('操作人').selectOption('张三');
  assert.equal(await rows.count(), 2);
  await page.getByLabel('类型').selectOption({ label: '签发' });
  assert.equal(await rows.count(), 1);
  await page.getByLabel('类型').selectOption({ label: '全部' });
  await page.getByLabel('操作人').selectOption('');

  await page.getByLabel('起始日期').fill('2026-10-01');
  await page.getByLabel('截止日期').fill('2026-10-31');
  assert.equal(await rows.count(), 2);
  assert.equal(await chart.locator('rect').count(), 1, 'one month, one seal');
  await page.getByLabel('截止日期').fill('');
  await page.getByLabel('起始日期').fill('');
  await screenshot(page, 'audit');
});

test('a record removed from the ledger file shows as a broken chain, the rest still listed', async () => {
  const file = join(home, 'audit', 'ledger.jsonl');
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  writeFileSync(file, `${[...lines.slice(0, 2), ...lines.slice(3)].join('\n')}\n`);
  await page.getByRole('button', { name: '印章' }).first().click();
  await page.getByRole('button', { name: '审计' }).first().click();
  const alert = page.getByRole('alert').filter({ hasText: '哈希链不完整' });
  await alert.waitFor();
  assert.match(await alert.innerText(), /第 3 行与上一条记录不相接（此前有记录被删除或调换）/);
  assert.equal(await page.locator('.audit-table tbody tr').count(), 6);
  await screenshot(page, 'audit-broken');
});

test('the header says when the ledger was last anchored, and a clock set back is said plainly', async () => {
  assert.equal(await page.getByRole('status').filter({ hasText: '台账尚未在资源中心锚定' }).count(), 1);
  Ledger.in(home).append(earlier(7, '电子印章', '时钟调回.pdf'));
  await page.getByRole('button', { name: '印章' }).first().click();
  await page.getByRole('button', { name: '审计' }).first().click();
  const alert = page.getByRole('alert').filter({ hasText: '电脑时钟曾被调回' });
  await alert.waitFor();
  assert.match(
    await alert.innerText(),
    /第 7 条记录的时间 2026年8月10日 09:30 早于上一条（\d{4}年\d+月\d+日 \d{2}:\d{2}）：电脑时钟曾被调回。/,
  );
  assert.equal(await page.locator('.audit-table tbody tr').count(), 7, 'the record is listed and new records still written');
});
