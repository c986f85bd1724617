import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { openInChromium, screenshot } from '../support/browser.ts';
import { pdfsig, writeTestPdf } from '../support/pdf.ts';
import { tempDir } from '../support/temp.ts';
import { startWebShellProcess } from '../support/web-shell.ts';
import { confirmOnSheet } from '../support/signing-sheet.ts';

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

/** 签发 or 盖章 pressed, then confirmed as the user does (see confirmOnSheet). */
async function signInForm(action: '签发' | '盖章', covers = false): Promise<void> {
  await page.getByRole('button', { name: action, exact: true }).click();
  await confirmOnSheet(page, action, demoPin(), covers);
}

test('印章 shows the demo seal with its generated impression at true size (42 mm)', async () => {
  await page.getByRole('button', { name: '印章' }).first().click();
  const card = page.getByTestId('seal-card');
  await card.getByTestId('impression').waitFor();
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
  await signInForm('签发');
  const approved = join(home, '通知-已签发.pdf');
  await page.getByTestId('seal-results').getByText(`已生成 ${approved}`).waitFor();

  await page.getByLabel('PDF 文件路径').fill(approved);
  await page.getByLabel('最终印章').click();
  // Both at the form's default spot: the seal goes over the approval box only once the user confirms.
  await signInForm('盖章', true);
  // Named once from the original: 通知-已盖章.pdf, not 通知-已签发-已盖章.pdf.
  const sealed = join(home, '通知-已盖章.pdf');
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
  // Not enrolled with a resource center: no time-stamp, and 验章 says the time is only claimed.
  assert.deepEqual(await page.getByTestId('level').allInnerTexts(), Array(2).fill('PAdES B-B：没有时间戳，签名时间仅为签名人自述。'));
  await screenshot(page, 'verify');
});

test('sealing an unapproved file is refused with the reason, and nothing is written', async () => {
  await page.getByRole('tab', { name: '签发与盖章' }).click();
  writeTestPdf(join(home, '请示.pdf'), 1);
  await page.getByLabel('PDF 文件路径').fill(join(home, '请示.pdf'));
  await signInForm('盖章');
  await page
    .getByTestId('seal-results')
    .getByText(/尚未经签发权人签发/)
    .waitFor();
  assert.equal(existsSync(join(home, '请示-已盖章.pdf')), false);
});

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Bounding box (CSS px on the canvas) of the seal-red pixels pdf.js drew inside `crop` (CSS px). */
async function redBox(canvas: Locator, crop: Box): Promise<Box> {
  return canvas.evaluate((element: HTMLCanvasElement, crop: Box) => {
    const context = element.getContext('2d');
    if (context === null) throw new Error('no 2d context');
    const { width, height } = element;
    const data = context.getImageData(0, 0, width, height).data;
    const ratio = width / element.clientWidth;
    let [left, top, right, bottom] = [width, height, -1, -1];
    for (let y = Math.max(0, Math.floor(crop.top * ratio)); y < Math.min(height, crop.bottom * ratio); y++) {
      for (let x = Math.max(0, Math.floor(crop.left * ratio)); x < Math.min(width, crop.right * ratio); x++) {
        const i = (y * width + x) * 4;
        if (data[i]! > 150 && data[i + 1]! < 90 && data[i + 2]! < 90) {
          [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y)];
        }
      }
    }
    return { left: left / ratio, top: top / ratio, right: (right + 1) / ratio, bottom: (bottom + 1) / ratio };
  }, crop);
}

test('the seal dragged on the pdf.js preview lands where it was dropped, and 验章 draws it there (rendered crop)', async () => {
  writeTestPdf(join(home, '函.pdf'), 3);
  await page.getByRole('tab', { name: '签发与盖章' }).click();
  await page.getByLabel('PDF 文件路径').fill(join(home, '函.pdf'));
  await signInForm('签发');
  const approved = join(home, '函-已签发.pdf');
  await page.getByTestId('seal-results').getByText(`已生成 ${approved}`).waitFor();

  await page.getByLabel('PDF 文件路径').fill(approved);
  await page.getByRole('button', { name: '预览并放置印章' }).click();
  await page.getByRole('list', { name: '页面缩略图' }).getByRole('button').nth(2).waitFor();
  assert.equal(await page.getByRole('list', { name: '页面缩略图' }).getByRole('button').count(), 3);
  const view = page.locator('.page-view .pdf-page[data-rendered="true"]');
  await view.waitFor();
  await page.getByLabel('靠近页边距').uncheck();
  const overlay = view.getByTestId('seal-overlay');
  await overlay.scrollIntoViewIfNeeded();
  const start = await overlay.boundingBox();
  assert.ok(start !== null);
  const pxPerMm = (await view.locator('canvas').boundingBox())!.width / 210;
  assert.ok(Math.abs(start.width - 42 * pxPerMm) < 1, 'the overlay is drawn at the printed size');
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(start.x + start.width / 2 - 60 * pxPerMm, start.y + start.height / 2 - 100 * pxPerMm, { steps: 8 });
  await page.mouse.up();
  assert.equal(await page.getByLabel('印章中心距左边缘').inputValue(), '90');
  assert.equal(await page.getByLabel('印章中心距上边缘').inputValue(), '140');
  await screenshot(page, 'seal-preview');

  await signInForm('盖章');
  const sealed = join(home, '函-已盖章.pdf');
  await page.getByTestId('seal-results').getByText(`已生成 ${sealed}`).waitFor();

  await page.getByRole('tab', { name: '验章' }).click();
  await page.getByLabel('要验证的 PDF 文件路径').fill(sealed);
  await page.getByRole('button', { name: '验证' }).click();
  const rendered = page.locator('.verify-layout .pdf-page[data-rendered="true"]');
  await rendered.waitFor();
  assert.equal(await rendered.getAttribute('data-page'), '3');
  const canvas = rendered.locator('canvas');
  const scale = (await canvas.boundingBox())!.width / 210;
  const mm = (value: number): number => value * scale;
  const red = await redBox(canvas, { left: mm(90 - 35), top: mm(140 - 35), right: mm(90 + 35), bottom: mm(140 + 35) });
  const centre = { x: (red.left + red.right) / 2 / scale, y: (red.top + red.bottom) / 2 / scale };
  assert.ok(Math.abs(centre.x - 90) < 1 && Math.abs(centre.y - 140) < 1, `seal drawn centred at ${centre.x} × ${centre.y} mm`);
  assert.ok(Math.abs((red.right - red.left) / scale - 42) < 1.5, `seal drawn ${(red.right - red.left) / scale} mm wide`);
  const highlight = await rendered.getByTestId('signature-highlight').boundingBox();
  const page3 = await canvas.boundingBox();
  assert.ok(highlight !== null && page3 !== null);
  assert.ok(Math.abs((highlight.x - page3.x + highlight.width / 2) / scale - 90) < 1, 'the highlight marks the seal');
  await screenshot(page, 'verify-highlight');
});

test('设置: the 签发权人 list can be emptied and refilled from the token, and the idle logout time is saved', async () => {
  await page.getByRole('button', { name: '设置' }).first().click();
  const approvers = page.getByTestId('approvers');
  await approvers.getByText('张三', { exact: true }).waitFor();
  await page.getByRole('button', { name: '移除 张三' }).click();
  await approvers.getByText('名单为空').waitFor();
  await page.getByLabel('证书 SHA-256 指纹').fill('12:34');
  await page.getByText('指纹应为 64 位十六进制字符').waitFor();
  await page.getByLabel('证书 SHA-256 指纹').fill('');
  await page.getByRole('button', { name: /添加 张三（USBKey 上的个人证书）/ }).click();
  await approvers.getByText('张三', { exact: true }).waitFor();

  await page.getByLabel('闲置多少分钟').fill('15');
  const idleLogout = page.getByRole('group', { name: '自动退出登录' });
  await idleLogout.getByRole('button', { name: '保存' }).click();
  // 设置已保存 is still shown from adding 张三: the button, disabled once 15 is the saved value, says this save is done.
  await idleLogout.getByRole('button', { name: '保存', disabled: true }).waitFor();
  await page.getByText('设置已保存').waitFor();
  const saved = JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')) as { idleLogoutMinutes: number; approvers: unknown[] };
  assert.equal(saved.idleLogoutMinutes, 15);
  assert.equal(saved.approvers.length, 1);
});

test('印章: importing an impression at a chosen width shows it at that true size', async () => {
  const svg = join(home, '印模.svg');
  writeFileSync(
    svg,
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><circle cx="50" cy="50" r="45" fill="none" stroke="#c00" stroke-width="4"/></svg>',
  );
  await page.getByRole('button', { name: '印章' }).first().click();
  await page.getByRole('tab', { name: '印章' }).click();
  const card = page.getByTestId('seal-card');
  await card.getByLabel('印模宽度').fill('38');
  await card.getByLabel('导入印模').setInputFiles(svg);
  await card.getByText('印模已导入').waitFor();
  await card.getByText('实际尺寸 38.0 × 38.0 mm').waitFor();
  const box = await card.getByTestId('impression').boundingBox();
  assert.ok(box !== null && Math.abs(box.width - (38 * 96) / 25.4) < 1, `rendered ${box?.width}px wide`);
});
