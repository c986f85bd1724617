import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { FORM_CATALOG } from '../../shared/forms/index.ts';
import { openInChromium, screenshot } from '../support/browser.ts';
import { writeTestPdf } from '../support/pdf.ts';
import { scanPng } from '../support/png.ts';
import { confirmOnSheet } from '../support/signing-sheet.ts';
import { tempDir } from '../support/temp.ts';
import { startWebShellProcess } from '../support/web-shell.ts';

// Issue 27, forms that tell the truth: the passphrase dialog says what is wrong, the token prefills
// the unit and the holder, every problem is said once in words, a missing file is counted, files are
// previewed and removed; and 首页 lists a document approved and not yet sealed, with its button.
const home = tempDir('e2e-application-forms');
const starting = startWebShellProcess(home);
const PASSPHRASE = '本机存储口令-2026';
let browser: Browser;
let page: Page;

const at = (name: string): string => join(home, name);
const demoPin = (): string => (JSON.parse(readFileSync(join(home, 'demo', 'demo.json'), 'utf8')) as { pin: string }).pin;
const field = (id: string) => page.locator(`#root_${id}`);
const nav = (name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true });
const problemCount = () => page.getByTestId('problem-count');

before(async () => {
  ({ browser, page } = await openInChromium((await starting).url));
  writeFileSync(at('topology.png'), scanPng(96));
  writeTestPdf(at('assessment.pdf'), 2);
  const example = FORM_CATALOG.find((form) => form.id === 'network-access')?.example;
  writeFileSync(at('network-access.json'), JSON.stringify(example));
});
after(() => browser?.close());

test('the passphrase dialog says what is wrong as it is typed and when it refuses: too short (how many more), then mismatched', async () => {
  await nav('申请').click();
  const passphrase = page.getByLabel('存储口令', { exact: true });
  const repeat = page.getByLabel('再次输入口令');
  const create = page.getByRole('button', { name: '设置口令并开始' });
  await passphrase.fill('短口令12');
  await page.locator('#vault-problem').getByText('存储口令至少 10 个字符，还差 5 个。').waitFor();
  await create.click();
  await page.getByRole('alert').getByText('存储口令至少 10 个字符，还差 5 个。').waitFor();
  await screenshot(page, 'vault-too-short');

  await passphrase.fill(PASSPHRASE);
  await repeat.fill('本机存储口令-2025');
  await page.locator('#vault-problem').getByText('两次输入的口令不一致。').waitFor();
  await create.click();
  await page.getByRole('alert').getByText('两次输入的口令不一致。').waitFor();
  assert.equal(await passphrase.inputValue(), PASSPHRASE, 'what was typed stays to be corrected');

  await repeat.fill(PASSPHRASE);
  assert.equal(await page.locator('#vault-problem').innerText(), '');
  await create.click();
  await page.getByRole('button', { name: '新建申请' }).waitFor();
});

test('a new application starts with the unit’s name, 统一社会信用代码 and the holder’s name from the token’s certificates', async () => {
  await page.getByRole('button', { name: '新建申请' }).click();
  await page.locator('[data-form="network-access"]').getByRole('button', { name: '开始填写' }).click();
  assert.equal(await field('applicant_name').inputValue(), '示例市大数据管理局');
  assert.equal(await field('applicant_creditCode').inputValue(), '11350100MB00000012');
  assert.equal(await field('handler_name').inputValue(), '张三');
});

test('every problem is said once, beside its field, in words: no data path, no group repeated, attachments included', async () => {
  await field('applicant_creditCode').fill('11350100MB00000013');
  await field('applicant_address').click();
  await page.getByText('“统一社会信用代码”不是有效的统一社会信用代码（校验位不符或含非法字符）。').waitFor();
  await page.getByRole('button', { name: '显示全部问题' }).first().click();
  await page.getByTestId('save-state').getByText('已自动保存').waitFor();
  const count = Number(/还有 (\d+) 处/.exec(await problemCount().innerText())?.[1]);
  const messages = page.locator('.application-editor .error-detail li, .application-editor p.error-detail');
  const texts = await messages.allInnerTexts();
  assert.equal(texts.length, count, `${count} problems, each shown once: ${texts.join(' | ')}`);
  for (const message of texts) assert.doesNotMatch(message, /›|[a-z]+\.[a-zA-Z]+|root_/, message);
  // Once per field: no field's group holds two messages.
  const perField = await page
    .locator('.application-editor .form-group:not(:has(.form-group))')
    .evaluateAll((groups) => groups.map((g) => g.querySelectorAll('.error-detail li, p.error-detail').length));
  assert.equal(Math.max(...perField), 1);
  await page.locator('[data-field="topology"]').getByText('请填写“网络拓扑图”。').waitFor();
  await screenshot(page, 'application-problems-once');
  await page.getByRole('button', { name: '返回列表' }).click();
});

test('an imported application is not ready while its files are missing; a file is previewed (image, PDF) and removed', async () => {
  await page.getByRole('button', { name: '新建申请' }).click();
  await page.locator('[data-form="network-access"] input[type="file"]').setInputFiles(at('network-access.json'));
  await page.locator('[data-field="securityReport"]').getByText('尚未添加文件').waitFor();
  await problemCount().getByText('还有 3 处需要填写或修改。').waitFor();
  await page.getByRole('button', { name: '显示全部问题' }).first().click();
  await page.getByText('“网络拓扑图”所列的文件 topology.png 尚未添加，请选择该文件。').waitFor();
  assert.equal(await page.getByRole('button', { name: '签名并放入待提交' }).count(), 0, 'nothing to sign while files are missing');

  await page.locator('input[name="topology"]').setInputFiles(at('topology.png'));
  await page.locator('input[name="securityReport"]').setInputFiles(at('assessment.pdf'));
  await problemCount().getByText('还有 1 处需要填写或修改。').waitFor();

  const topology = page.locator('[data-field="topology"]');
  await topology.getByRole('button', { name: '预览' }).click();
  const image = topology.getByRole('img', { name: 'topology.png 的预览' });
  await image.waitFor();
  await page.waitForFunction(() => (document.querySelector('.attachment-image') as HTMLImageElement | null)?.naturalWidth ?? 0 > 0);
  const report = page.locator('[data-field="securityReport"]');
  await report.getByRole('button', { name: '预览' }).click();
  await report.locator('.pdf-page[data-rendered="true"][aria-label="assessment.pdf 第 2 页"]').waitFor();
  await screenshot(page, 'application-attachment-preview');

  await report.getByRole('button', { name: '删除' }).click();
  await report.getByText('尚未添加文件').waitFor();
  assert.equal(await report.locator('.pdf-page').count(), 0, 'the preview goes with the file');
  await problemCount().getByText('还有 2 处需要填写或修改。').waitFor();
  await page.getByTestId('save-state').getByText('已自动保存').waitFor();
  await screenshot(page, 'application-attachment-removed');
});

test('首页 lists a document approved and not yet sealed, with 去盖章; once sealed it is gone', async () => {
  const input = at('会议纪要.pdf');
  writeTestPdf(input, 1);
  await nav('印章').click();
  await page.getByRole('tab', { name: '签发与盖章' }).click();
  await page.getByLabel('PDF 文件路径').fill(input);
  await page.getByRole('button', { name: '签发', exact: true }).click();
  await confirmOnSheet(page, '签发', demoPin());
  await page.getByTestId('seal-summary').getByText('1/1 成功').waitFor();

  await nav('首页').click();
  const item = page.getByTestId('overview').getByRole('listitem').filter({ hasText: '会议纪要-已签发.pdf' });
  assert.match(await item.innerText(), /^“会议纪要-已签发\.pdf”已由 张三 于 \d{4}年\d+月\d+日 \d{2}:\d{2} 签发，尚未盖章\s+去盖章$/);
  await screenshot(page, 'overview-awaiting-seal');
  await item.getByRole('button', { name: '去盖章' }).click();
  await page.getByRole('heading', { name: '印章', exact: true }).waitFor();

  // 去盖章 opens 签发与盖章 with the approved file chosen: nothing is selected or typed again.
  await page.getByRole('tab', { name: '签发与盖章', selected: true }).waitFor();
  await page.getByRole('status').getByText('已签发的文件已选好，核对位置后即可盖章。').waitFor();
  assert.equal(await page.getByLabel('PDF 文件路径').inputValue(), at('会议纪要-已签发.pdf'));
  await screenshot(page, 'overview-handed-to-seal');
  await page.getByRole('button', { name: '盖章', exact: true }).click();
  await confirmOnSheet(page, '盖章', demoPin(), true);
  await page.getByTestId('seal-summary').getByText('1/1 成功').waitFor();
  // …and the sealed result goes on to 验章 the same way.
  await page.getByTestId('seal-results').getByRole('row').nth(1).getByRole('button', { name: '验章' }).click();
  assert.equal(await page.getByLabel('要验证的 PDF 文件路径').inputValue(), at('会议纪要-已盖章.pdf'));
  assert.match(await page.getByTestId('verdict').innerText(), /有效/);
  await nav('首页').click();
  await page.getByTestId('overview').getByText('59 天后到期').waitFor();
  assert.doesNotMatch(await page.getByTestId('overview').innerText(), /会议纪要/);
});

test('证书 names key usages in words', async () => {
  await nav('证书').click();
  const personal = page.getByTestId('certificate-card').filter({ hasText: '个人证书' });
  await personal.getByText('数字签名').first().waitFor();
  assert.doesNotMatch(await personal.innerText(), /digitalSignature|clientAuth|emailProtection/);
});
