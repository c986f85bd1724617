import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { readDemoEnvironment } from '../../electron/services/demo/environment.ts';
import { PT_PER_MM } from '../../shared/model/seal.ts';
import { launchChromium, screenshot } from '../support/browser.ts';
import { runSealdesk } from '../support/cli.ts';
import { demoCliEnv } from '../support/demo.ts';
import { writeTestPdf } from '../support/pdf.ts';
import { confirmOnSheet } from '../support/signing-sheet.ts';
import { tempDir } from '../support/temp.ts';
import { startWebShellProcess } from '../support/web-shell.ts';

// Issue 27, read at a glance and by keyboard: 验章's verdict and cards, the seal placed with the arrow
// keys, the sidebar at 1024 × 700, and English throughout; one demo web shell at 1024 × 700.
const home = tempDir('e2e-glance');
const starting = startWebShellProcess(home);
let browser: Browser;
let page: Page;
const pageErrors: Error[] = [];

before(async () => {
  const shell = await starting;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
  page.on('pageerror', (error) => pageErrors.push(error));
  await page.goto(shell.url);
});
after(async () => {
  await browser?.close();
  assert.deepEqual(pageErrors, [], 'no error in the page');
});

const demoPin = (): string => (JSON.parse(readFileSync(join(home, 'demo', 'demo.json'), 'utf8')) as { pin: string }).pin;
const nav = (name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true });
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECTIONS_ZH = ['首页', '证书', '印章', '申请', '同步', '审计', '设置', '诊断'];
const SECTIONS_EN = ['Home', 'Certificates', 'Seals', 'Applications', 'Sync', 'Audit', 'Settings', 'Diagnostics'];

/** 签发 or 盖章 of `input` confirmed on the sheet; resolves to the file written, `input` named for the act. */
async function sign(input: string, action: '签发' | '盖章'): Promise<string> {
  await page.getByLabel('PDF 文件路径').fill(input);
  await page.getByRole('button', { name: action, exact: true }).click();
  await confirmOnSheet(page, action, demoPin());
  const output = input.replace(/(-已签发)?\.pdf$/, action === '签发' ? '-已签发.pdf' : '-已盖章.pdf');
  await page.getByTestId('seal-results').getByText(`已生成 ${output}`).waitFor();
  return output;
}

/** Every Chinese word the demo token holds, as `sealdesk tokens --json` lists it: labels, holders, issuers. */
function tokenStrings(): string[] {
  const demo = readDemoEnvironment(join(home, 'demo'));
  assert.ok(demo !== null);
  const listing = runSealdesk(['tokens', '--json'], demoCliEnv(demo, join(home, 'cli-home')));
  assert.equal(listing.code, 0, listing.stderr);
  const words = new Set<string>();
  JSON.parse(listing.stdout, (_key, value: unknown) => {
    if (typeof value === 'string') for (const word of value.split(/[\s,=/]+/)) if (/[\u3400-\u9fff]/.test(word)) words.add(word);
    return value;
  });
  return [...words];
}

async function noSidewaysScroll(where: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const root = document.scrollingElement!;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });
  assert.ok(scrollWidth <= clientWidth, `${where}: the page is ${scrollWidth} px wide in a ${clientWidth} px window`);
}

test('at 1024 × 700 the sidebar is icons with tooltips; the toggle opens and closes it; it opens by itself in a wide window', async () => {
  const sidebar = page.getByRole('navigation');
  assert.equal(await sidebar.getAttribute('data-collapsed'), 'true');
  assert.ok((await sidebar.boundingBox())!.width < 64, 'collapsed to icons');
  const labelWidth = async (): Promise<number> => (await nav('印章').locator('.nav-label').boundingBox())!.width;
  assert.ok((await labelWidth()) <= 1, 'the label is hidden (kept as the name for screen readers)');
  await nav('印章').hover();
  await nav('印章').locator('.nav-tooltip').getByText('印章').waitFor();
  await screenshot(page, 'sidebar-collapsed-1024');

  await sidebar.getByRole('button', { name: '展开侧栏' }).click();
  assert.ok((await labelWidth()) > 20, 'the label is shown');
  await noSidewaysScroll('sidebar expanded at 1024');
  await sidebar.getByRole('button', { name: '收起侧栏' }).click();
  assert.equal(await sidebar.getAttribute('data-collapsed'), 'true');

  await page.setViewportSize({ width: 1440, height: 900 });
  await sidebar.getByRole('button', { name: '收起侧栏' }).waitFor();
  assert.ok((await labelWidth()) > 20, 'the label is shown in a wide window');
  await page.setViewportSize({ width: 1024, height: 700 });
  await sidebar.getByRole('button', { name: '展开侧栏' }).waitFor();
});

let placedAt: string;

test('the seal on the preview moves by keyboard: an arrow 1 mm, Shift + arrow 10 mm, read out; the signed seal lands there', async () => {
  const input = join(home, '函.pdf');
  writeTestPdf(input, 3);
  await nav('印章').click();
  await page.getByRole('tab', { name: '签发与盖章' }).click();
  const approved = await sign(input, '签发'); // the approval box sits around (150, 240) on the last page

  await page.getByLabel('PDF 文件路径').fill(approved);
  await page.getByRole('button', { name: '预览并放置印章' }).click();
  await page.locator('.page-view .pdf-page[data-rendered="true"]').waitFor();
  const seal = page.getByRole('group', { name: '印章位置：方向键移动 1 mm，按住 Shift 移动 10 mm' });
  await seal.focus();
  assert.notEqual(await seal.evaluate((el) => getComputedStyle(el).outlineStyle), 'none', 'focus is visible');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByLabel('印章中心距左边缘').inputValue(), '151');
  for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowUp');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getByLabel('印章中心距上边缘').inputValue(), '191');
  const readout = page.getByTestId('seal-position');
  assert.equal(await readout.getAttribute('aria-live'), 'polite');
  assert.equal(await readout.innerText(), '印章中心距左边缘 151 mm、距上边缘 191 mm');
  assert.equal(await page.locator('.page-view canvas').getAttribute('aria-label'), '第 3 页');
  await screenshot(page, 'seal-keyboard-placement');

  placedAt = await sign(approved, '盖章');
  const report = JSON.parse(runSealdesk(['verify', placedAt, '--json']).stdout) as {
    signatures: { role: string; widgets: { pageIndex: number; rect: [number, number, number, number] }[] }[];
  };
  const widget = report.signatures.find((s) => s.role === 'seal')?.widgets[0];
  assert.ok(widget !== undefined);
  const [x1, y1, x2, y2] = widget.rect;
  const centre = { x: (x1 + x2) / 2 / PT_PER_MM, y: (841.89 - (y1 + y2) / 2) / PT_PER_MM };
  assert.equal(widget.pageIndex, 2);
  assert.ok(Math.abs(centre.x - 151) < 0.2 && Math.abs(centre.y - 191) < 0.2, `sealed at ${centre.x} × ${centre.y} mm`);
});

test('验章 answers in one word, then one card per signature; a card shows its page, a 骑缝章 all the pages of its group', async () => {
  const copy = join(home, '骑缝.pdf');
  copyFileSync(placedAt, copy);
  await page.getByLabel('骑缝章').check();
  const crossPage = await sign(copy, '盖章');

  await page.getByRole('tab', { name: '验章' }).click();
  await page.getByLabel('要验证的 PDF 文件路径').fill(crossPage);
  await page.getByRole('button', { name: '验证' }).click();
  await page.getByTestId('spinner').waitFor({ timeout: 100 });
  assert.equal(await page.getByTestId('verdict-word').innerText(), '有效');
  const cards = page.getByTestId('signature-item');
  assert.equal(await cards.count(), 3);
  const [approval, keyboardSeal, group] = [cards.nth(0), cards.nth(1), cards.nth(2)];
  assert.match(
    await approval.innerText(),
    /^签发 — 张三\n+签名时间\n+\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}\n+完整性\n+完整[^\n]*\n+信任\n+可信[\s\S]*级别\n+PAdES B-B[\s\S]*此后改动\n+此后仅追加了签名或印章/,
  );
  assert.doesNotMatch(await page.getByTestId('verify-report').innerText(), /\d{4}-\d{2}-\d{2}T/);

  // The last signature drawn on a page is selected first: the 骑缝章, across all three pages.
  const shown = page.getByTestId('signature-pages').locator('.pdf-page');
  await group.getByRole('button', { name: '第 1–3 页' }).waitFor();
  assert.equal(await group.getByRole('button', { name: '第 1–3 页' }).getAttribute('aria-pressed'), 'true');
  await page.locator('[data-testid="signature-pages"] .pdf-page[data-rendered="true"]').nth(2).waitFor();
  assert.deepEqual(await shown.evaluateAll((pages) => pages.map((p) => p.getAttribute('data-page'))), ['1', '2', '3']);
  assert.equal(await page.getByTestId('signature-pages').getByTestId('signature-highlight').count(), 3);
  await noSidewaysScroll('验章 with the report');
  await screenshot(page, 'verify-cards-cross-page');

  await keyboardSeal.getByRole('button', { name: '第 3 页' }).click();
  assert.deepEqual(await shown.evaluateAll((pages) => pages.map((p) => p.getAttribute('data-page'))), ['3']);
  assert.match((await keyboardSeal.getAttribute('class')) ?? '', /selected/);

  // Verifying again keeps the selected card and the report open while it runs.
  await page.getByRole('button', { name: '验证' }).click();
  assert.equal(await cards.count(), 3, 'the report stays while verifying again');
  await page.getByRole('button', { name: '验证' }).and(page.locator(':not([disabled])')).waitFor();
  assert.equal(await keyboardSeal.getByRole('button', { name: '第 3 页' }).getAttribute('aria-pressed'), 'true');
});

test('at 1024 × 700 no section scrolls sideways (English: in the next test)', async () => {
  for (const section of SECTIONS_ZH) {
    await nav(section).click();
    await screenshot(page, `narrow-1024-${section}`);
    await page.locator('main h2').first().waitFor();
    await noSidewaysScroll(section);
  }
});

test('English throughout: every section, the sidebar and the demo banner show no Chinese words of the interface', async () => {
  await nav('设置').click();
  await page.getByLabel('English').click();
  await nav('Home').waitFor();
  const banner = page.getByTestId('demo-banner');
  assert.match(await banner.innerText(), /^Demo mode A simulated USBKey/);
  await page.getByRole('navigation').getByRole('button', { name: 'Expand the sidebar' }).waitFor();
  // What the token holds (labels, holders, issuers, the seal's name) is data, not interface, and so are
  // the USBKey makers' names, given in both scripts (飞天诚信 Feitian); 中文 names the language in its own.
  const vendors = readFileSync(join(ROOT, 'electron', 'services', 'token', 'vendors.json'), 'utf8').match(/[\u3400-\u9fff]+/g) ?? [];
  const data = [...tokenStrings(), ...vendors, '中文'].sort((a, b) => b.length - a.length);
  for (const section of SECTIONS_EN) {
    await nav(section).click();
    await page.locator('main h2').first().waitFor();
    await page.waitForTimeout(300); // a section's own calls answer
    let text = await page.locator('body').innerText();
    for (const name of data) text = text.replaceAll(name, '');
    const chinese = text.match(/[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]+/g) ?? [];
    assert.deepEqual(chinese, [], `${section} shows Chinese in English mode`);
    await noSidewaysScroll(`${section} (English)`);
    await screenshot(page, `english-${section.toLowerCase()}`);
  }
  await nav('Settings').click();
  await page.getByLabel('中文').click();
});
