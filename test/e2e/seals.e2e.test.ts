import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openInChromium, screenshot } from '../support/browser.ts';
import { pdfsig, writeTestPdf } from '../support/pdf.ts';
import { tempDir } from '../support/temp.ts';
import { startWebShellProcess } from '../support/web-shell.ts';

const home = tempDir('e2e-seals');
const starting = startWebShellProcess(home);
let browser: Browser;
let page: Page;

before(async () => {
  ({ browser, page } = await openInChromium((await starting).url));
  writeTestPdf(join(home, '通知.pdf'), 2);
});
after(() => browser?.close());

const demoPin = (): string => (JSON.parse(readFileSync(join(home, 'demo', 'demo.json'), 'utf8')) as { pin: string }).pin;

test('印章 shows the demo seal with its generated impression at true size (42 mm)', async () => {
  await page.getByRole('button', { name: '印章' }).first().click();
  const card = page.getByTestId('seal-card');
  await card.waitFor();
  assert.match(await card.innerText(), /示例市大数据管理局电子印章[\s\S]*实际尺寸 42\.0 × 42\.0 mm/);
  const box = await card.getByTestId('impression').boundingBox();
  assert.ok(box !== null);
  assert.ok(Math.abs(box.width - (42 * 96) / 25.4) < 1, `rendered ${box.width}px wide`);
  await screenshot(page, 'seals');
});

test('approve then seal with one PIN entry each; the result verifies as valid and trusted in 验章', async () => {
  await page.getByRole('tab', { name: '签发与盖章' }).click();
  const input = join(home, '通知.pdf');
  await page.getByLabel('PDF 文件路径').fill(input);
  await page.getByLabel('PIN（').fill(demoPin());
  await page.getByRole('button', { name: '签发', exact: true }).click();
  const approved = join(home, '通知-已签发.pdf');
  await page.getByTestId('seal-results').getByText(`已生成 ${approved}`).waitFor();

  await page.getByLabel('PDF 文件路径').fill(approved);
  await page.getByLabel('最终印章').click();
  await page.getByLabel('PIN（').fill(demoPin());
  await page.getByRole('button', { name: '盖章', exact: true }).click();
  const sealed = join(home, '通知-已签发-已盖章.pdf');
  await page.getByTestId('seal-results').getByText(`已生成 ${sealed}`).waitFor();
  assert.deepEqual(pdfsig(sealed).validations, ['Signature is Valid.', 'Signature is Valid.']);

  await page.getByRole('tab', { name: '验章' }).click();
  await page.getByLabel('要验证的 PDF 文件路径').fill(sealed);
  await page.getByRole('button', { name: '验证' }).click();
  const report = page.getByTestId('verify-report');
  await report.waitFor();
  assert.match(await page.getByTestId('verdict').innerText(), /文档有效/);
  assert.match(await report.innerText(), /已加盖最终印章[\s\S]*签发 — 张三[\s\S]*印章 — 示例市大数据管理局电子印章[\s\S]*已由 张三 签发/);
  assert.deepEqual(await page.getByTestId('trust').allInnerTexts(), ['可信：证书链到本机信任的根证书', '可信：证书链到本机信任的根证书']);
  await screenshot(page, 'verify');
});

test('sealing an unapproved file is refused with the reason, and nothing is written', async () => {
  await page.getByRole('tab', { name: '签发与盖章' }).click();
  await page.getByLabel('PDF 文件路径').fill(join(home, '通知.pdf'));
  await page.getByLabel('PIN（').fill(demoPin());
  await page.getByRole('button', { name: '盖章', exact: true }).click();
  await page
    .getByTestId('seal-results')
    .getByText(/尚未经签发权人签发/)
    .waitFor();
  assert.equal(existsSync(join(home, '通知-已盖章.pdf')), false);
});
