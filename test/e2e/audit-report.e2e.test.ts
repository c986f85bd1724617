// 生成汇总表 on the web shell: last month's seal uses make 首页 remind of the month's usage report; on 审计
// the report is made for that month, approved and sealed through the signing sheet, and sent; the demo
// center lists it for the unit, pdfsig finds both signatures valid, and the reminder is gone.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { loadOrCreateAuthority, softwareSigner } from '../../center/authority.ts';
import { Ledger } from '../../electron/services/audit/index.ts';
import { signContent } from '../../electron/services/cms/index.ts';
import { DEMO_UNIT } from '../../electron/services/demo/index.ts';
import type { AuditRecord } from '../../shared/model/audit.ts';
import { lastClosedPeriod } from '../../shared/model/audit-report.ts';
import { sealRecord } from '../support/audit.ts';
import { openInChromium, screenshot } from '../support/browser.ts';
import { runSealdeskAsync } from '../support/cli.ts';
import { pdfsig } from '../support/pdf.ts';
import { confirmOnSheet } from '../support/signing-sheet.ts';
import { tempDir } from '../support/temp.ts';
import { startWebShellProcess } from '../support/web-shell.ts';

const home = tempDir('e2e-audit-report');
const starting = startWebShellProcess(home);
const PASSPHRASE = '汇总表测试存储口令-2026';
let browser: Browser;
let page: Page;
const lastMonth = lastClosedPeriod('month', new Date());
const [year = 0, month = 1] = lastMonth.from.split('-').map(Number);
const monthTitle = `${year}年${month}月`;

const demoPin = (): string => (JSON.parse(readFileSync(join(home, 'demo', 'demo.json'), 'utf8')) as { pin: string }).pin;

/** A seal used last month (or `yearsBefore` that), as recorded then. */
const lastMonthSeal = (day: number, document: string, yearsBefore = 0): AuditRecord =>
  sealRecord(new Date(year - yearsBefore, month - 1, day, 10, 15), '合同专用章', document, { method: 'desktop', operator: '张三' });

before(async () => {
  ({ browser, page } = await openInChromium((await starting).url));
  const ledger = Ledger.in(home);
  // Archived into its year's file at the first sync, signed with the unit certificate.
  ledger.append(lastMonthSeal(3, '三年前的合同.pdf', 3));
  ledger.append(lastMonthSeal(3, '采购合同.pdf'));
  ledger.append(lastMonthSeal(17, '租赁合同.pdf'));
});
after(() => browser?.close());

test('首页 reminds of last month’s report once the store is open and the unit enrolled', async () => {
  await page.getByRole('button', { name: '同步' }).first().click();
  await page.getByLabel('存储口令', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('再次输入口令').fill(PASSPHRASE);
  await page.getByRole('button', { name: '设置口令并开始' }).click();
  await page.getByLabel('PIN 码').fill(demoPin());
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await page.getByText(`已注册为“${DEMO_UNIT}”`).waitFor();

  await page.getByRole('button', { name: '首页' }).first().click();
  const reminder = page
    .getByTestId('overview')
    .locator('li')
    .filter({ hasText: `${monthTitle}的签章和打印汇总表尚未报送。` });
  await reminder.waitFor();
  await reminder.getByRole('button', { name: '生成汇总表' }).click();
  await page.getByRole('heading', { name: '生成汇总表' }).waitFor();
});

test('on 审计 the month’s report is made, approved, sealed and sent; the center lists it for the unit', async () => {
  const section = page.locator('section.audit-report');
  await section.getByRole('button', { name: '生成汇总表' }).click();
  await section.getByText(`已生成签章和打印汇总表（${monthTitle}）：用印 2 次，在线打印 0 次，保管记录 0 条。`).waitFor();

  // The exports are handed over as downloads, the very bytes written beside the report.
  const reports = join(home, 'reports');
  const [csv] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: '下载 CSV' }).click()]);
  assert.equal(csv.suggestedFilename(), `签章和打印汇总表（${monthTitle}）.csv`);
  const csvBytes = readFileSync(await csv.path());
  assert.deepEqual(csvBytes, readFileSync(join(reports, csv.suggestedFilename())));
  const csvLines = csvBytes.toString('utf8').trimEnd().split('\r\n');
  assert.ok(csvLines[0]?.startsWith('\uFEFF'), 'Excel reads it as UTF-8');
  assert.equal(csvLines.filter((line) => line.includes('合同专用章')).length, 2);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: '下载 Excel 工作簿' }).click()]);
  assert.equal(xlsx.suggestedFilename(), `签章和打印汇总表（${monthTitle}）.xlsx`);
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await xlsx.path());
  const sheet = workbook.worksheets[0];
  assert.equal(sheet?.name, monthTitle);
  const cells = (sheet?.getSheetValues() ?? []).map((row) => (Array.isArray(row) ? row.slice(1).map(String) : []));
  assert.deepEqual(
    cells.filter((row) => row.length > 0).map((row) => row.join(',')),
    csvLines.map((line) => line.replace(/^\uFEFF/, '')),
    'the workbook holds the same rows as the CSV',
  );

  await section.getByRole('button', { name: '签发汇总表' }).click();
  await confirmOnSheet(page, '签发', demoPin());
  await section.getByText(/^已签发：/).waitFor();
  await section.getByRole('button', { name: '盖章', exact: true }).click();
  await confirmOnSheet(page, '盖章', demoPin());
  const sealedLine = await section.getByText(/^已盖章：/).innerText();
  const sealed = sealedLine.replace(/^已盖章：/, '');
  assert.deepEqual(pdfsig(sealed).validations, ['Signature is Valid.', 'Signature is Valid.']);
  await screenshot(page, 'audit-report');

  await section.getByRole('button', { name: '报送资源中心' }).click();
  await section.getByText(`签章和打印汇总表（${monthTitle}）已加入待发送队列，同步时报送资源中心。`).waitFor();
  await page.getByRole('button', { name: '同步' }).first().click();
  await page.getByRole('button', { name: '立即同步' }).click();
  await page.getByText('同步完成。').waitFor();
  const listed = await runSealdeskAsync(['center', 'reports', '--dir', join(home, 'demo', 'center'), '--json'], {});
  assert.equal(listed.code, 0, listed.stderr);
  const units = JSON.parse(listed.stdout) as { unitName: string; reports: { title: string }[] }[];
  assert.deepEqual(
    units.map((unit) => [unit.unitName, unit.reports.map((r) => r.title)]),
    [[DEMO_UNIT, [`签章和打印汇总表（${monthTitle}）`]]],
  );

  // The overview's calls answer within a second on this machine; the reminder must not come back after them.
  await page.getByRole('button', { name: '首页' }).first().click();
  await page.getByRole('heading', { name: '需要处理的事项' }).waitFor();
  await page.waitForTimeout(2000);
  assert.equal(await page.getByText('签章和打印汇总表尚未报送').count(), 0);
});

test('on 审计, a yearly archive re-signed with another valid certificate is named, the unit certificate being pinned', async () => {
  const archive = join(home, 'audit', 'archive', `${year - 3}.jsonl`);
  const other = softwareSigner((await loadOrCreateAuthority(join(home, 'another-unit'))).signing);
  writeFileSync(`${archive}.p7s`, await signContent(other, readFileSync(archive)));
  await page.getByRole('button', { name: '审计' }).first().click();
  const alert = page.getByRole('alert').filter({ hasText: '签名证书不是本单位证书' });
  await alert.waitFor();
  assert.match(
    await alert.innerText(),
    new RegExp(`归档 archive/${year - 3}\\.jsonl（${year - 3} 年，第 1–1 条）的签名证书不是本单位证书。`),
  );
  await screenshot(page, 'audit-archive-foreign-signer');
});
