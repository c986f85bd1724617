import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openInChromium, screenshot } from '../support/browser.ts';
import { pdfsig, qpdfCheck, sha256File, writeFormWithSignatureFields, writeTestPdf } from '../support/pdf.ts';
import { tempDir } from '../support/temp.ts';
import { startWebShellProcess } from '../support/web-shell.ts';
import { confirmOnSheet } from '../support/signing-sheet.ts';

const home = tempDir('e2e-seal-placement');
const starting = startWebShellProcess(home);
let browser: Browser;
let page: Page;

before(async () => {
  ({ browser, page } = await openInChromium((await starting).url));
  await page.getByRole('button', { name: '印章' }).first().click();
  await page.getByRole('tab', { name: '签发与盖章' }).click();
});
after(() => browser?.close());

const demoPin = (): string => (JSON.parse(readFileSync(join(home, 'demo', 'demo.json'), 'utf8')) as { pin: string }).pin;
const results = () => page.getByTestId('seal-results');

async function sign(input: string, action: '签发' | '盖章'): Promise<void> {
  await page.getByLabel('PDF 文件路径').fill(input);
  await page.getByRole('button', { name: action, exact: true }).click();
  await confirmOnSheet(page, action, demoPin());
}

async function openPreview(input: string): Promise<void> {
  await page.getByLabel('PDF 文件路径').fill(input);
  await page.getByRole('button', { name: '预览并放置印章' }).click();
  await page.locator('.page-view .pdf-page[data-rendered="true"]').waitFor();
}

test('the preview outlines the approval box already on the page; a seal over it is asked about and sealed only elsewhere or on confirmation', async () => {
  writeTestPdf(join(home, '请示.pdf'), 2);
  await sign(join(home, '请示.pdf'), '签发'); // the approval box: 60 × 18 mm around (150, 240) on the last page
  const approved = join(home, '请示-已签发.pdf');
  await results().getByText(`已生成 ${approved}`).waitFor();

  await openPreview(approved);
  const view = page.locator('.page-view .pdf-page[data-rendered="true"]');
  const widget = view.getByTestId('page-widget');
  await widget.waitFor();
  assert.match(await widget.innerText(), /签发：张三/);
  const canvas = (await view.locator('canvas').boundingBox())!;
  const box = (await widget.boundingBox())!;
  const pxPerMm = canvas.width / 210;
  const at = { left: (box.x - canvas.x) / pxPerMm, top: (box.y - canvas.y) / pxPerMm, width: box.width / pxPerMm };
  assert.ok(Math.abs(at.left - 120) < 0.5 && Math.abs(at.top - 231) < 0.5 && Math.abs(at.width - 60) < 0.5, JSON.stringify(at));
  // The seal's default spot is the approval's: the box turns red and the preview says so.
  assert.equal(await widget.getAttribute('data-kind'), 'covered');
  assert.equal(await page.getByTestId('overlap-warning').innerText(), '当前位置会盖住第 2 页上已有的签名“张三”。');
  await screenshot(page, 'seal-preview-covers-approval');

  await page.getByRole('button', { name: '盖章', exact: true }).click();
  const question = page.getByRole('alertdialog', { name: '新签章会盖住已有的签名：' });
  await question.getByText(`${approved} 第 2 页“张三”`).waitFor();
  await question.getByRole('button', { name: '取消，换个位置' }).click();
  await question.waitFor({ state: 'detached' });
  const sealed = join(home, '请示-已盖章.pdf');
  assert.equal(existsSync(sealed), false, 'nothing is signed before the user answers');

  await page.getByLabel('印章中心距上边缘').fill('200');
  await page.getByTestId('overlap-warning').waitFor({ state: 'detached' });
  assert.equal(await widget.getAttribute('data-kind'), 'signed');
  await page.getByRole('button', { name: '盖章', exact: true }).click();
  await confirmOnSheet(page, '盖章', demoPin());
  await results().getByText(`已生成 ${sealed}`).waitFor();
  assert.deepEqual(pdfsig(sealed).validations, ['Signature is Valid.', 'Signature is Valid.']);

  // Over it, when the user confirms; the name is the same, so replacing it is asked too.
  const firstSeal = sha256File(sealed);
  await page.getByLabel('印章中心距上边缘').fill('240');
  await page.getByRole('button', { name: '盖章', exact: true }).click();
  await question.getByRole('button', { name: '确认盖在已有签名上' }).click();
  await page.getByRole('alertdialog', { name: '以下文件已存在，继续将替换它们：' }).getByRole('button', { name: '替换已有文件' }).click();
  await confirmOnSheet(page, '盖章', demoPin());
  await page.waitForFunction(
    () => document.querySelector('progress') === null && document.querySelector('[data-testid="seal-results"]') !== null,
  );
  await results().getByText(`已生成 ${sealed}`).waitFor();
  assert.notEqual(sha256File(sealed), firstSeal, 'the seal over the approval replaced the first one');
  assert.deepEqual(pdfsig(sealed).validations, ['Signature is Valid.', 'Signature is Valid.']);
});

test('a form designer’s empty signature fields are offered as placements; approval and seal go into them (pdfsig names them)', async () => {
  const form = join(home, '表单.pdf');
  writeFormWithSignatureFields(form, 2, [
    { name: 'Approver', page: 1, rect: [60, 100, 260, 160] },
    { name: 'UnitSeal', page: 2, rect: [380, 120, 520, 260] },
  ]);
  await openPreview(form);
  const choice = page.getByLabel('签入文档中的空签名域');
  assert.deepEqual(await choice.locator('option').allInnerTexts(), [
    '不使用（按上面的位置放置）',
    'Approver（第 1 页）',
    'UnitSeal（第 2 页）',
  ]);
  await choice.selectOption('Approver');
  await sign(form, '签发');
  const approved = join(home, '表单-已签发.pdf');
  await results().getByText(`已生成 ${approved}`).waitFor();

  await openPreview(approved);
  assert.deepEqual(await choice.locator('option').allInnerTexts(), ['不使用（按上面的位置放置）', 'UnitSeal（第 2 页）']);
  await choice.selectOption('UnitSeal');
  const view = page.locator('.page-view .pdf-page[data-page="2"][data-rendered="true"]');
  await view.locator('[data-kind="chosen"]').waitFor();
  const field = (await view.locator('[data-kind="chosen"]').boundingBox())!;
  const seal = (await view.getByTestId('seal-overlay').boundingBox())!;
  assert.ok(
    seal.x >= field.x - 1 && seal.x + seal.width <= field.x + field.width + 1 && seal.y >= field.y - 1,
    'the seal is shown in the field',
  );
  await screenshot(page, 'seal-preview-empty-field');
  await sign(approved, '盖章');
  const sealed = join(home, '表单-已盖章.pdf');
  await results().getByText(`已生成 ${sealed}`).waitFor();
  const report = pdfsig(sealed);
  assert.deepEqual(
    [...report.output.matchAll(/Signature Field Name: (.*)/g)].map((m) => m[1]),
    ['Approver', 'UnitSeal'],
  );
  assert.deepEqual(report.validations, ['Signature is Valid.', 'Signature is Valid.']);
  assert.ok(qpdfCheck(sealed).ok);
});

test('approving a damaged unsigned file offers a repair into a new file, then approves the repaired copy; the original is untouched', async () => {
  const damaged = join(home, '损坏.pdf');
  writeTestPdf(damaged, 1);
  const bytes = readFileSync(damaged);
  const startxref = Number(/startxref\s+(\d+)/.exec(bytes.subarray(-64).toString('latin1'))?.[1]);
  // The cross-reference table's first rows blanked: readable only by scanning for the objects.
  writeFileSync(damaged, Buffer.concat([bytes.subarray(0, startxref), Buffer.alloc(40, 0x20), bytes.subarray(startxref + 40)]));
  const original = sha256File(damaged);

  await sign(damaged, '签发');
  await results()
    .getByText(/请先修复为新文件/)
    .waitFor();
  await results().getByRole('button', { name: '修复为新文件（原文件不变）' }).click();
  const repaired = join(home, '损坏-已修复.pdf');
  await page.getByRole('status').getByText(`已修复为新文件 ${repaired}，原文件未改动。`, { exact: false }).waitFor();
  assert.equal(await page.getByLabel('PDF 文件路径').inputValue(), repaired);
  await screenshot(page, 'approve-repair');
  await page.getByRole('button', { name: '签发', exact: true }).click();
  await confirmOnSheet(page, '签发', demoPin());
  const approved = join(home, '损坏-已签发.pdf');
  await results().getByText(`已生成 ${approved}`).waitFor();
  assert.deepEqual(pdfsig(approved).validations, ['Signature is Valid.']);
  assert.ok(qpdfCheck(repaired).ok);
  assert.equal(sha256File(damaged), original, 'the damaged original is never written to');
});

test('骑缝章 preview names its groups before anything is signed: 40 pages of a 42 mm seal are three groups of 3 mm slices or wider', async () => {
  writeTestPdf(join(home, '长文.pdf'), 40);
  await openPreview(join(home, '长文.pdf'));
  await page.getByLabel('骑缝章').check();
  assert.equal(
    await page.getByTestId('cross-page-groups').innerText(),
    '骑缝章分 3 组，每组一个完整印章：第 1–13 页（每条 3.2 mm）；第 14–27 页（每条 3 mm）；第 28–40 页（每条 3.2 mm）。',
  );
  const overlay = page.locator('.page-view').getByTestId('seal-overlay');
  const canvas = (await page.locator('.page-view canvas').boundingBox())!;
  const slice = (await overlay.boundingBox())!;
  assert.ok(Math.abs(slice.width / (canvas.width / 210) - 42 / 13) < 0.2, `the slice is drawn ${slice.width}px wide`);
  await screenshot(page, 'cross-page-groups');
});

/** Two A4 pages; the first one's content, a black square, comes after `padding` bytes of blanks in its stream. */
function writePdfWithLongContent(path: string, padding: number): void {
  const content = `${' '.repeat(padding)}\n0 0 0 rg 200 320 200 200 re f`;
  const page = (contents: number) => `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents ${contents} 0 R >>`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>',
    page(4),
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    page(6),
    '<< /Length 0 >>\nstream\n\nendstream',
  ];
  let body = '%PDF-1.7\n';
  const offsets = objects.map((object, i) => {
    const offset = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n\r\n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  writeFileSync(path, body, 'latin1');
}

test('a page whose content is longer than one read of the file (4 MB) is drawn whole, and its thumbnail after it', async () => {
  const input = join(home, '长内容.pdf');
  writePdfWithLongContent(input, 6 * 1024 * 1024);
  await page.getByLabel('页码（数字或 last）').fill('1');
  await openPreview(input);
  const canvas = page.locator('.page-view canvas');
  const box = (await canvas.boundingBox())!;
  // The square's centre (300, 420 pt from the bottom) on a page drawn 560 px wide.
  const [r, g, b] = await canvas.evaluate(
    (element: HTMLCanvasElement, at) => {
      const pixel = element.getContext('2d')!.getImageData(at.x, at.y, 1, 1).data;
      return [pixel[0], pixel[1], pixel[2]];
    },
    { x: Math.round((300 / 595.28) * box.width), y: Math.round(((841.89 - 420) / 841.89) * box.height) },
  );
  assert.ok(r! < 40 && g! < 40 && b! < 40, `the square is drawn: rgb(${r}, ${g}, ${b})`);
  await page.locator('.thumbnails .pdf-page[data-rendered="true"]').first().waitFor();
});
