import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openInChromium, screenshot } from '../support/browser.ts';
import { writeTestPdf } from '../support/pdf.ts';
import { confirmOnSheet } from '../support/signing-sheet.ts';
import { tempDir } from '../support/temp.ts';
import { startWebShellProcess } from '../support/web-shell.ts';

// Issue 27, 首页's overview of documents waiting for approval: 送签发 from 盖章, the item on 首页 with
// who was asked and since when, 去签发 opening 签发 with the file chosen, and after the approval the
// document leaves the list and waits for its seal instead.
const home = tempDir('e2e-overview-approval');
const starting = startWebShellProcess(home);
const PASSPHRASE = '本机存储口令-2026';
let browser: Browser;
let page: Page;

const demoPin = (): string => (JSON.parse(readFileSync(join(home, 'demo', 'demo.json'), 'utf8')) as { pin: string }).pin;
const nav = (name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true });
const overviewItem = (text: string) => page.getByTestId('overview').getByRole('listitem').filter({ hasText: text });

before(async () => {
  ({ browser, page } = await openInChromium((await starting).url));
  // 首页 reads the ledger through the local store: it is opened once, as a user does on 申请.
  await nav('申请').click();
  await page.getByLabel('存储口令', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('再次输入口令').fill(PASSPHRASE);
  await page.getByRole('button', { name: '设置口令并开始' }).click();
  await page.getByRole('button', { name: '新建申请' }).waitFor();
});
after(() => browser?.close());

test('送签发 from 盖章 puts the document on 首页 with who was asked; 去签发 approves it and it waits for its seal instead', async () => {
  const input = join(home, '请示.pdf');
  writeTestPdf(input, 1);
  await nav('印章').click();
  await page.getByRole('tab', { name: '签发与盖章' }).click();
  await page.getByLabel('PDF 文件路径').fill(input);
  const stage = page.getByTestId('file-stages').getByRole('listitem').filter({ hasText: '请示.pdf' });
  await stage.getByText('等待签发', { exact: false }).waitFor();
  await stage.getByRole('button', { name: '送签发' }).click();

  const request = page.getByRole('group', { name: '送签发：请示.pdf' });
  assert.equal(await request.getByLabel('签发权人').inputValue(), '张三', 'the unit’s approvers are offered');
  await request.getByLabel('备注（可不填）').fill('请于今天签发');
  await screenshot(page, 'seal-request-approval');
  await request.getByRole('button', { name: '发送签发请求' }).click();
  await page.getByRole('status').getByText('已请 张三 签发“请示.pdf”。签发前，首页会一直列出它。').waitFor();
  assert.equal(await request.count(), 0, 'the request form closes once sent');

  await nav('首页').click();
  const waiting = overviewItem('请示.pdf');
  await waiting.waitFor();
  assert.match(await waiting.innerText(), /^“请示\.pdf”等待 张三 签发（刚刚送签）\s+去签发$/);
  await screenshot(page, 'overview-awaiting-approval');

  // 张三's certificate is on this USBKey: 去签发 opens 签发 with the file chosen, nothing typed again.
  await waiting.getByRole('button', { name: '去签发' }).click();
  await page.getByRole('tab', { name: '签发与盖章', selected: true }).waitFor();
  assert.equal(await page.getByLabel('PDF 文件路径').inputValue(), input);
  await page.getByRole('status').getByText('等待签发的文件已选好：签发权人核对后点“签发”。').waitFor();
  await page.getByRole('button', { name: '签发', exact: true }).click();
  await confirmOnSheet(page, '签发', demoPin());
  await page.getByTestId('seal-summary').getByText('1/1 成功').waitFor();

  await nav('首页').click();
  const awaitingSeal = overviewItem('请示-已签发.pdf');
  await awaitingSeal.waitFor();
  assert.match(await awaitingSeal.innerText(), /^“请示-已签发\.pdf”已由 张三 于 \d{4}年\d+月\d+日 \d{2}:\d{2} 签发，尚未盖章\s+去盖章$/);
  assert.equal(await overviewItem('“请示.pdf”').count(), 0, 'approved: no longer waiting for its approver');
});

test('an approver who signs on another computer: 首页 offers 提醒/再次请求, which opens 送签发 for the file again', async () => {
  await nav('设置').click();
  await page.getByLabel('姓名', { exact: true }).fill('李四');
  await page.getByLabel('证书 SHA-256 指纹').fill('e'.repeat(64));
  await page.getByRole('button', { name: '添加', exact: true }).click();
  await page.getByTestId('approvers').getByText('李四', { exact: true }).waitFor();

  const input = join(home, '函.pdf');
  writeTestPdf(input, 2);
  await nav('印章').click();
  await page.getByRole('tab', { name: '签发与盖章' }).click();
  await page.getByLabel('PDF 文件路径').fill(input);
  await page.getByTestId('file-stages').getByRole('button', { name: '送签发' }).click();
  const request = page.getByRole('group', { name: '送签发：函.pdf' });
  await request.getByLabel('签发权人').selectOption('李四');
  await request.getByRole('button', { name: '发送签发请求' }).click();
  await page.getByRole('status').getByText('已请 李四 签发“函.pdf”。签发前，首页会一直列出它。').waitFor();

  await nav('首页').click();
  const waiting = overviewItem('函.pdf');
  await waiting.waitFor();
  assert.match(await waiting.innerText(), /^“函\.pdf”等待 李四 签发（刚刚送签）\s+提醒\/再次请求$/);
  await waiting.getByRole('button', { name: '提醒/再次请求' }).click();
  const again = page.getByRole('group', { name: '送签发：函.pdf' });
  await again.waitFor();
  assert.equal(await page.getByLabel('PDF 文件路径').inputValue(), input);
  await again.getByLabel('签发权人').selectOption('李四');
  await again.getByRole('button', { name: '发送签发请求' }).click();
  await page.getByRole('status').getByText('已请 李四 签发“函.pdf”。签发前，首页会一直列出它。').waitFor();
  await nav('首页').click();
  await overviewItem('函.pdf').waitFor();
  assert.equal(await overviewItem('函.pdf').count(), 1, 'asked twice, listed once');
});
