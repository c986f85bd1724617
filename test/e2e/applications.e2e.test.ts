import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openInChromium, screenshot } from '../support/browser.ts';
import { verifyApplicationSignature } from '../support/openssl.ts';
import { writeTestPdf } from '../support/pdf.ts';
import { scanPng } from '../support/png.ts';
import { tempDir } from '../support/temp.ts';
import { startWebShellProcess } from '../support/web-shell.ts';

const home = tempDir('e2e-applications');
const starting = startWebShellProcess(home);
const PASSPHRASE = '本机存储口令-2026';
let browser: Browser;
let page: Page;

const demo = (): { pin: string; caCertPath: string } =>
  JSON.parse(readFileSync(join(home, 'demo', 'demo.json'), 'utf8')) as { pin: string; caCertPath: string };
const at = (name: string): string => join(home, name);

before(async () => {
  ({ browser, page } = await openInChromium((await starting).url));
  writeFileSync(at('topology.png'), scanPng(96));
  writeTestPdf(at('assessment.pdf'), 1);
  writeTestPdf(at('commitment.pdf'), 1);
  writeFileSync(at('notes.txt'), 'not a document');
});
after(() => browser?.close());

const field = (id: string) => page.locator(`#root_${id}`);

async function unlock(passphrase: string, repeat?: string): Promise<void> {
  await page.getByLabel('存储口令', { exact: true }).fill(passphrase);
  if (repeat !== undefined) await page.getByLabel('再次输入口令').fill(repeat);
  await page.getByRole('button', { name: repeat === undefined ? '解锁' : '设置口令并开始' }).click();
}

test('the first visit sets a store passphrase; a short one is refused in Chinese', async () => {
  await page.getByRole('button', { name: '申请' }).first().click();
  await unlock('short', 'short');
  await page.getByText('存储口令至少 10 个字符').waitFor();
  await unlock(PASSPHRASE, PASSPHRASE);
  await page.getByRole('button', { name: '新建申请' }).waitFor();
});

test('filling 政务外网接入申请 offline: Chinese messages as fields are left, attachments checked, every change kept when the service is killed and restarted', async () => {
  await page.getByRole('button', { name: '新建申请' }).click();
  await page.locator('[data-form="network-access"]').getByRole('button', { name: '开始填写' }).click();
  await field('applicant_name').fill('示例市大数据管理局');
  await field('applicant_creditCode').fill('11350100MB00000013');
  await field('applicant_regionCode').fill('350100');
  await page.getByText('“统一社会信用代码”不是有效的统一社会信用代码').waitFor();
  await field('applicant_creditCode').fill('11350100MB00000012');
  await field('applicant_address').fill('示例市鼓楼区政务路 1 号');
  await field('handler_name').fill('李四');
  await field('handler_idNumber').fill('11010519491231002X');
  await field('handler_title').fill('信息科科员');
  await field('handler_phone').fill('0591-87654321');
  await field('applicationDate').fill('2026-11-20');
  await field('accessType').selectOption('新接入');
  await field('location').fill('示例市政务服务中心三楼机房');
  await field('bandwidthMbps').fill('100');
  await field('securityReportType').selectOption('等级测评报告');
  for (const [person, name, phone] of [
    ['responsibleLeader', '王五', '13812345678'],
    ['networkAdmin', '赵六', '13912345678'],
  ] as const) {
    await field(`${person}_name`).fill(name);
    await field(`${person}_title`).fill('负责人');
    await field(`${person}_phone`).fill(phone);
  }
  await page.locator('input[name="topology"]').setInputFiles(at('notes.txt'));
  await page.getByText('附件 notes.txt 的类型不符合“网络拓扑图”的要求').waitFor();
  await page.locator('input[name="topology"]').setInputFiles(at('topology.png'));
  await page.locator('input[name="securityReport"]').setInputFiles(at('assessment.pdf'));
  await page.locator('input[name="securityCommitment"]').setInputFiles(at('commitment.pdf'));
  await page.getByText('commitment.pdf（').waitFor();
  await page.getByTestId('problem-count').getByText('填写完整，可以签名。').waitFor();
  await page.getByTestId('save-state').getByText('已自动保存').waitFor();
  await screenshot(page, 'application-filled');

  (await starting).process.kill('SIGKILL');
  await page.goto((await startWebShellProcess(home)).url);
  await page.getByRole('button', { name: '申请' }).first().click();
  await unlock('错误的口令-0000');
  await page.getByText('存储口令不正确').waitFor();
  await unlock(PASSPHRASE);
  const row = page.locator('tr', { hasText: '政务外网接入申请' });
  await row.getByText('草稿').waitFor();
  assert.match(await row.innerText(), /示例市大数据管理局/);
  await row.getByRole('button', { name: '打开' }).click();
  assert.equal(await field('location').inputValue(), '示例市政务服务中心三楼机房');
  await page.getByText('topology.png（').waitFor();
});

test('signing asks on a sheet (the application, the certificate, what follows, the PIN); a wrong PIN is refused and the draft stays; signed with the right one: read-only, 待提交 in the list; the exported package passes openssl cms -verify', async () => {
  await page.getByRole('button', { name: '签名并放入待提交' }).click();
  const sheet = page.getByRole('dialog', { name: '确认签名申请' });
  assert.match(await sheet.innerText(), /政务外网接入申请（第 \d+ 版），申请人 .*，附件 \d+ 个/);
  assert.match(await sheet.getByTestId('certificate-facts').innerText(), /^张三 · 个人证书 · /);
  assert.equal(
    await sheet.getByTestId('consequence').innerText(),
    '签名后申请不能再修改，并放入待提交队列，联网时发送给电子政务资源中心。',
  );
  await screenshot(page, 'sheet-application');
  await sheet.getByLabel('PIN').fill('00000000');
  await sheet.getByRole('button', { name: '确认签名' }).click();
  await page.getByText('PIN 码错误').waitFor();
  await page.locator('.editor-header').getByText('草稿').waitFor();
  await page.getByRole('button', { name: '签名并放入待提交' }).click();
  await sheet.getByLabel('PIN').fill(demo().pin);
  await sheet.getByRole('button', { name: '确认签名' }).click();
  await page.getByText('已签名，申请已放入待提交队列。').waitFor();
  assert.equal(await field('location').isDisabled(), true);
  await page.locator('.editor-header').getByText('待提交').waitFor();

  await page.getByRole('button', { name: '导出签名包' }).click();
  const exported = /签名包已导出到 (.+)$/.exec(await page.getByText('签名包已导出到').innerText())?.[1] ?? '';
  const verified = verifyApplicationSignature(exported, demo().caCertPath);
  assert.ok(verified.ok, verified.output);
});

test('printed as an A4 PDF with the filled-in fields and the seal line; downloadable from the web shell', async () => {
  await page.getByRole('button', { name: '打印（生成 A4 PDF）' }).click();
  const message = await page.getByText('打印稿已生成').innerText();
  const path = /打印稿已生成：(.+?\.pdf)/.exec(message)?.[1] ?? '';
  const text = spawnSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).stdout;
  assert.match(text, /政务外网接入申请/);
  assert.match(text, /接入地点\s+示例市政务服务中心三楼机房/);
  assert.match(text, /申请单位（盖章）/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载打印稿' }).click()]);
  const saved = at('downloaded.pdf');
  await download.saveAs(saved);
  assert.deepEqual(readFileSync(saved), readFileSync(path));
});

test('invalid JSON on import is refused by name; the list filters by state, type and text; a draft is deleted only after confirming', async () => {
  await page.getByRole('button', { name: '返回列表' }).click();
  await page.getByRole('button', { name: '新建申请' }).click();
  writeFileSync(at('broken.json'), '{"applicant": ');
  await page.locator('[data-form="ip-allocation"] input[type="file"]').setInputFiles(at('broken.json'));
  await page.getByText('broken.json 不是有效的 JSON').waitFor();
  await page.locator('[data-form="ip-allocation"]').getByRole('button', { name: '开始填写' }).click();
  await field('networks').fill('10.12.8.0/24\n10.12.8.1/24');
  await page.getByText('“10.12.8.1/24”不是有效的地址段。').waitFor();
  await page.getByTestId('save-state').getByText('已自动保存').waitFor();
  await page.getByRole('button', { name: '返回列表' }).click();

  const rows = page.locator('tbody tr');
  await rows.nth(1).waitFor();
  await page.getByLabel('按状态筛选').selectOption('queued');
  assert.deepEqual(await rows.allInnerTexts().then((all) => all.map((r) => r.split('\t')[0]?.trim())), ['政务外网接入申请 第 1 版次']);
  await page.getByLabel('按状态筛选').selectOption('all');
  await page.getByLabel('按申请表筛选').selectOption('ip-allocation');
  assert.equal(await rows.count(), 1);
  await page.getByLabel('按申请表筛选').selectOption('');
  await page.getByPlaceholder('搜索申请表或申请单位').fill('IP 地址');
  assert.equal(await rows.count(), 1);

  await rows.first().getByRole('button', { name: '删除' }).click();
  await page.getByText('删除此草稿及其附件？').waitFor();
  await page.getByRole('button', { name: '取消' }).click();
  assert.equal(await rows.count(), 1);
  await rows.first().getByRole('button', { name: '删除' }).click();
  await page.getByRole('button', { name: '确认' }).click();
  await page.getByText('没有符合条件的申请。').waitFor();
  await page.getByPlaceholder('搜索申请表或申请单位').fill('');
  assert.equal(await rows.count(), 1);
  await screenshot(page, 'application-list');
});
