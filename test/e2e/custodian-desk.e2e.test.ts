import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../support/browser.ts';
import { pdfsig, writeTestPdf } from '../support/pdf.ts';
import { tempDir } from '../support/temp.ts';
import { startWebShellProcess } from '../support/web-shell.ts';

// Issue 27, the custodian's desk: the sheet before every legal act, 首页's overview, 诊断's report as
// text and file, and batch sealing's progress and summary; one demo web shell for all of it.
const home = tempDir('e2e-custodian');
const starting = startWebShellProcess(home);
let browser: Browser;
let page: Page;

before(async () => {
  const shell = await starting;
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: shell.origin });
  page = await context.newPage();
  await page.goto(shell.url);
});
after(() => browser?.close());

const demoPin = (): string => (JSON.parse(readFileSync(join(home, 'demo', 'demo.json'), 'utf8')) as { pin: string }).pin;
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const nav = (name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true });
const sheet = () => page.getByRole('dialog');

test('首页 opens on what needs attention: the seal certificate that expires in 59 days, with the button to 证书', async () => {
  const overview = page.getByTestId('overview');
  await overview.getByText('59 天后到期', { exact: false }).waitFor();
  const first = overview.getByRole('listitem').first();
  assert.match(await first.innerText(), /^证书“.+”59 天后到期\s+查看证书$/);
  assert.doesNotMatch(await overview.innerText(), /\d{4}-\d{2}-\d{2}T/);
  await screenshot(page, 'overview');
  await first.getByRole('button', { name: '查看证书' }).click();
  await page.getByRole('heading', { name: '证书', exact: true }).waitFor();
});

test('签发 asks on a sheet (document, certificate, placement, consequence, PIN); 取消 leaves everything as it was', async () => {
  const input = join(home, '通知.pdf');
  writeTestPdf(input, 2);
  await nav('印章').click();
  await page.getByRole('tab', { name: '签发与盖章' }).click();
  await page.getByLabel('PDF 文件路径').fill(input);
  await page.getByRole('button', { name: '签发', exact: true }).click();

  const dialog = sheet();
  await dialog.getByRole('heading', { name: '确认签发（1 个文件）' }).waitFor();
  const row = dialog.getByTestId('document-facts').getByRole('row').nth(1);
  await row.getByText('2 页').waitFor();
  assert.match(await row.innerText(), new RegExp(`通知\\.pdf\\s+2 页\\s+${sha256(input).slice(0, 16)}…`));
  assert.match(
    await dialog.getByTestId('certificate-facts').innerText(),
    /^张三 · 个人证书 · USBKey“.+” · \d{4}年\d+月\d+日到期（36\d 天后到期）$/,
  );
  assert.match(await dialog.innerText(), /最后一页，印章中心距左边缘 150 mm、距上边缘 240 mm/);
  await dialog.locator('.pdf-page[data-rendered="true"]').waitFor();
  assert.equal(await dialog.getByTestId('consequence').innerText(), '签发后，此文件即获准加盖本单位印章；签发后再修改文件，须重新签发。');
  const confirm = dialog.getByRole('button', { name: '确认签发' });
  assert.equal(await confirm.isDisabled(), true, 'nothing is signed before the PIN is typed');
  await dialog.getByLabel('PIN').fill('wrong-but-never-sent');
  await screenshot(page, 'sheet-approve');

  await dialog.getByRole('button', { name: '取消' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.getByLabel('PDF 文件路径').inputValue(), input, 'the form keeps what was typed');
  assert.equal(existsSync(join(home, '通知-已签发.pdf')), false, 'nothing was written');
  assert.equal(await page.getByTestId('seal-results').count(), 0);

  await page.getByRole('button', { name: '签发', exact: true }).click();
  assert.equal(await sheet().getByLabel('PIN').inputValue(), '', 'the PIN typed before 取消 is gone');
  await sheet().getByLabel('PIN').fill(demoPin());
  await sheet().getByRole('button', { name: '确认签发' }).click();
  await page.getByTestId('seal-summary').getByText('1/1 成功').waitFor();
  await page
    .getByTestId('seal-results')
    .getByText(`已生成 ${join(home, '通知-已签发.pdf')}`)
    .waitFor();
});

test('a batch of 5 is approved, then sealed final on one sheet that says the document will be locked: progress, a table and 5/5 成功', async () => {
  const names = ['一', '二', '三', '四', '五'].map((n) => join(home, `批量${n}.pdf`));
  names.forEach((path, i) => writeTestPdf(path, i + 1));
  await page.getByLabel('PDF 文件路径').fill(names.join('\n'));
  await page.getByRole('button', { name: '签发', exact: true }).click();
  await sheet().getByRole('heading', { name: '确认签发（5 个文件）' }).waitFor();
  assert.equal(await sheet().getByTestId('document-facts').getByRole('row').count(), 6);
  await sheet().getByLabel('PIN').fill(demoPin());
  await sheet().getByRole('button', { name: '确认签发' }).click();
  await page.getByTestId('seal-summary').getByText('5/5 成功').waitFor();

  const approved = names.map((path) => path.replace(/\.pdf$/, '-已签发.pdf'));
  await page.getByLabel('PDF 文件路径').fill(approved.join('\n'));
  await page.getByLabel('最终印章').check();
  await page.getByRole('button', { name: '盖章', exact: true }).click();
  // The seal at the form's default spot covers each file's approval box: asked once for the batch.
  await page.getByRole('alertdialog').getByRole('button', { name: '确认盖在已有签名上' }).click();
  const dialog = sheet();
  await dialog.getByRole('heading', { name: '确认盖章（5 个文件）' }).waitFor();
  assert.equal(await dialog.getByTestId('consequence').innerText(), '盖章后文档将被锁定，不能再修改。');
  assert.match(await dialog.getByTestId('certificate-facts').innerText(), /^示例市大数据管理局电子印章 · 印章证书 · .*（59 天后到期）$/);
  await dialog.getByTestId('seal-overlay').waitFor();
  await screenshot(page, 'sheet-seal-final');
  await dialog.getByLabel('PIN').fill(demoPin());
  // The bar may come and go within a second: note whether it was ever shown.
  await page.evaluate(() => {
    const seen = { progress: false };
    Object.assign(window, { seen });
    new MutationObserver(() => {
      if (document.querySelector('progress') !== null) seen.progress = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  await dialog.getByRole('button', { name: '确认盖章' }).click();
  await page.getByTestId('seal-summary').getByText('5/5 成功').waitFor();
  assert.equal(
    await page.evaluate(() => (window as unknown as { seen: { progress: boolean } }).seen.progress),
    true,
    'a progress bar was shown',
  );
  const rows = page.getByTestId('seal-results').getByRole('row');
  assert.equal(await rows.count(), 6);
  assert.match(await rows.nth(1).innerText(), /批量一-已签发\.pdf\s+✓ 已生成 .*批量一-已盖章\.pdf/);
  await screenshot(page, 'seal-batch-results');
  const sealed = names[4]!.replace(/\.pdf$/, '-已盖章.pdf');
  assert.deepEqual(pdfsig(sealed).validations, ['Signature is Valid.', 'Signature is Valid.']);
});

test('撤销/变更 sits apart from 更新 and opens a sheet: no reason chosen, each reason says what follows, 私钥泄露 wants the holder’s name', async () => {
  await nav('证书').click();
  const personal = page.getByTestId('certificate-card').filter({ hasText: '个人证书' });
  const revoke = personal.getByRole('button', { name: '撤销/变更' });
  await revoke.waitFor();
  assert.equal(await revoke.locator('xpath=..').getByRole('button', { name: '更新' }).count(), 0, '撤销 is not beside 更新');
  await revoke.click();

  const dialog = sheet();
  const submit = dialog.getByRole('button', { name: '提交撤销申请' });
  assert.equal(await dialog.getByLabel('原因').inputValue(), '', 'no reason is chosen for the user');
  assert.equal(await submit.isDisabled(), true);
  await dialog.getByLabel('原因').selectOption({ label: '持有人离职、调动或权限变更' });
  assert.match(await dialog.getByTestId('consequence').innerText(), /资源中心撤销后，此证书不能再签名；已签的文件不受影响/);
  assert.equal(await submit.isDisabled(), false);
  await dialog.getByLabel('原因').selectOption({ label: '私钥泄露' });
  assert.match(await dialog.getByTestId('consequence').innerText(), /此证书立即停止使用/);
  assert.equal(await submit.isDisabled(), true, '私钥泄露 waits for the holder’s name');
  const name = dialog.getByLabel('请输入证书持有人的姓名“张三”以确认');
  await name.fill('李四');
  assert.equal(await submit.isDisabled(), true);
  await name.fill('张三');
  assert.equal(await submit.isDisabled(), false);
  await screenshot(page, 'sheet-revoke');
  await dialog.getByRole('button', { name: '取消' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await personal.getByTestId('certificate-request').count(), 0, 'nothing was sent');
});

test('诊断 copies its report as text and saves the same text as a file', async () => {
  await nav('诊断').click();
  await page.getByRole('heading', { name: '检查结果' }).waitFor();
  await page.getByRole('button', { name: '复制报告' }).click();
  await page.getByText('报告已复制').waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^诊断 — SealDesk .* · web · .* · \d{4}年\d+月\d+日 \d{2}:\d{2}\n/);
  assert.match(copied, /检查结果:\n- \[warning\] 正在使用演示模式。/);
  assert.match(copied, /读卡器 \/ 插槽:\n- 0x[0-9a-f]+ · .*PIN 正常/);
  assert.match(copied, /外部工具:\n- [\w-]+: (已安装|缺失)/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '保存为文件' }).click()]);
  assert.match(download.suggestedFilename(), /^sealdesk-diagnostics-\d{8}-\d{4}\.txt$/);
  assert.equal(readFileSync(await download.path(), 'utf8'), copied);
  await screenshot(page, 'diagnostics-share');
});

test('English: the overview, the sheet and the batch summary', async () => {
  await nav('设置').click();
  await page.getByLabel('English').click();
  await nav('Home').click();
  assert.match(
    await page.getByTestId('overview').getByRole('listitem').first().innerText(),
    /Certificate “.*” expires in 59 days\s+View certificates/,
  );
  await nav('Seals').click();
  await page.getByRole('tab', { name: 'Approve & seal' }).click();
  const input = join(home, 'letter.pdf');
  writeTestPdf(input, 1);
  await page.getByLabel('PDF file paths').fill(input);
  await page.getByRole('button', { name: 'Seal', exact: true }).click();
  const dialog = sheet();
  await dialog.getByRole('heading', { name: 'Confirm sealing (files: 1)' }).waitFor();
  assert.match(
    await dialog.getByTestId('certificate-facts').innerText(),
    /seal certificate .* valid until \d+ \w+ \d{4} \(expires in 59 days\)$/i,
  );
  assert.match(await dialog.getByTestId('consequence').innerText(), /^Once sealed, the document carries the unit’s electronic seal/);
  await dialog.getByLabel('PIN').fill(demoPin());
  await screenshot(page, 'sheet-seal-en');
  await dialog.getByRole('button', { name: 'Seal now' }).click();
  // Not approved: refused, and the summary says so in English.
  await page.getByTestId('seal-summary').getByText('0/1 succeeded, 1 failed').waitFor();
  await nav('Settings').click();
  await page.getByLabel('中文').click();
});
