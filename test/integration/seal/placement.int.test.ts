import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AppError } from '../../../shared/errors.ts';
import { errorMessage } from '../../../shared/i18n/index.ts';
import { pdfsig, writeTestPdf } from '../../support/pdf.ts';
import { redBounds, renderPage, renderPageWithMutool } from '../../support/raster.ts';
import { useSealDesk } from '../../support/seal-desk.ts';

const PT_PER_MM = 72 / 25.4;
const fixture = useSealDesk('placement');

/** Approved without a visible box, ready for a seal. */
async function approved(name: string, pages: number): Promise<string> {
  const input = join(fixture.work, `${name}.pdf`);
  writeTestPdf(input, pages);
  return approve(input);
}

async function approve(input: string): Promise<string> {
  const output = input.replace(/\.pdf$/, '-approved.pdf');
  await fixture.desk.approve({ serial: fixture.demo.tokenSerial, overwrite: false, certificate: '个人证书', input, output, visible: null });
  return output;
}

function seal(input: string, placement: { page: number | 'last'; xMm: number; yMm: number }, crossPage = false) {
  const output = input.replace(/\.pdf$/, `-sealed-${Date.now()}.pdf`);
  const job = {
    serial: fixture.demo.tokenSerial,
    overwrite: false,
    certificate: '电子印章',
    input,
    output,
    placement,
    crossPage,
    final: false,
  };
  return { output, done: fixture.desk.seal(job) };
}

async function refusal(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => assert.fail('accepted'),
    (thrown: unknown) => thrown,
  );
  assert.ok(error instanceof AppError, String(error));
  return error;
}

test('a seal that would leave the A4 page is refused with the page size and the allowed range, in Chinese', async () => {
  const input = await approved('a4', 1);
  const error = await refusal(seal(input, { page: 1, xMm: 100, yMm: 400 }).done);
  assert.equal(error.code, 'PLACEMENT_OUTSIDE_PAGE');
  assert.equal(
    errorMessage('zh-CN', error.toWire()),
    '该位置会使签章超出第 1 页的可见范围（页面 210 × 297 毫米）。请将中心点放在距左边 21–189 毫米、距上边 21–276 毫米之间。',
  );
  const edge = await refusal(seal(input, { page: 1, xMm: 195, yMm: 100 }).done);
  assert.equal(edge.code, 'PLACEMENT_OUTSIDE_PAGE', 'partly outside is outside');
});

test('an approval box that would leave the page is refused too', async () => {
  const input = join(fixture.work, 'approval-box.pdf');
  writeTestPdf(input, 1);
  const job = { serial: fixture.demo.tokenSerial, overwrite: false, certificate: '个人证书', input, output: `${input}.out.pdf` };
  const error = await refusal(fixture.desk.approve({ ...job, visible: { page: 1, xMm: 10, yMm: 100 } }));
  assert.equal(error.code, 'PLACEMENT_OUTSIDE_PAGE');
});

test('on a page whose CropBox is smaller than its MediaBox the seal sits where placed on the visible page (poppler render)', async () => {
  const plain = join(fixture.work, 'cropped-plain.pdf');
  writeTestPdf(plain, 1);
  const edited = readFileSync(plain, 'latin1').replace(
    '/MediaBox [0 0 595.28 841.89]',
    '/MediaBox [0 0 595.28 841.89] /CropBox [50 98 545.28 743.89]',
  );
  writeFileSync(`${plain}.edited`, edited, 'latin1');
  const cropped = join(fixture.work, 'cropped.pdf');
  spawnSync('qpdf', [`${plain}.edited`, cropped]); // qpdf rebuilds the cross-reference the edit shifted
  const { output, done } = seal(await approve(cropped), { page: 1, xMm: 60, yMm: 40 });
  await done;
  assert.deepEqual(pdfsig(output).validations, ['Signature is Valid.', 'Signature is Valid.']);
  const page = renderPage(output, 1, 72, { cropBox: true });
  assert.ok(Math.abs(page.width - 495) <= 1, `poppler shows the cropped page (${page.width} px wide)`);
  const red = redBounds(page);
  const centre = { x: (red.left + red.right) / 2 / PT_PER_MM, y: (red.top + red.bottom) / 2 / PT_PER_MM };
  assert.ok(Math.abs(centre.x - 60) < 1 && Math.abs(centre.y - 40) < 1, `centred at ${centre.x.toFixed(1)} × ${centre.y.toFixed(1)} mm`);
});

test('on a page with /UserUnit 2 (A4 drawn at half scale) sizes and places are in real mm, as Acrobat and mutool show it', async () => {
  const plain = join(fixture.work, 'user-unit-plain.pdf');
  writeTestPdf(plain, 1);
  const edited = readFileSync(plain, 'latin1').replace('/MediaBox [0 0 595.28 841.89]', '/MediaBox [0 0 297.64 420.945] /UserUnit 2');
  writeFileSync(`${plain}.edited`, edited, 'latin1');
  const scaled = join(fixture.work, 'user-unit.pdf');
  spawnSync('qpdf', [`${plain}.edited`, scaled]);
  const input = await approve(scaled);
  const error = await refusal(seal(input, { page: 1, xMm: 100, yMm: 290 }).done);
  assert.match(errorMessage('zh-CN', error.toWire()), /页面 210 × 297 毫米/);
  const { output, done } = seal(input, { page: 1, xMm: 100, yMm: 100 });
  await done;
  const red = redBounds(renderPageWithMutool(output, 1));
  const mm = (pixels: number): number => pixels / PT_PER_MM;
  const centre = { x: mm((red.left + red.right) / 2), y: mm((red.top + red.bottom) / 2) };
  assert.ok(Math.abs(centre.x - 100) < 1 && Math.abs(centre.y - 100) < 1, `centred at ${centre.x.toFixed(1)} × ${centre.y.toFixed(1)} mm`);
  assert.ok(Math.abs(mm(red.right - red.left) - 42) < 2, `the seal is ${mm(red.right - red.left).toFixed(1)} mm wide`);
});

test('a form whose viewers are asked to regenerate appearances (NeedAppearances, as pdflatex writes it) still shows the seal', async () => {
  const plain = join(fixture.work, 'form-plain.pdf');
  writeTestPdf(plain, 1);
  const edited = readFileSync(plain, 'latin1').replace(
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] /NeedAppearances true >> >>',
  );
  writeFileSync(`${plain}.edited`, edited, 'latin1');
  const form = join(fixture.work, 'form.pdf');
  spawnSync('qpdf', [`${plain}.edited`, form]);
  const { output, done } = seal(await approve(form), { page: 1, xMm: 60, yMm: 40 });
  await done;
  assert.deepEqual(pdfsig(output).validations, ['Signature is Valid.', 'Signature is Valid.']);
  assert.equal((await fixture.desk.verify(output)).verdict, 'valid');
  // poppler, like Acrobat, would draw the signature widget anew (empty) while the flag is set.
  const red = redBounds(renderPage(output, 1));
  const centre = { x: (red.left + red.right) / 2 / PT_PER_MM, y: (red.top + red.bottom) / 2 / PT_PER_MM };
  assert.ok(Math.abs(centre.x - 60) < 1 && Math.abs(centre.y - 40) < 1, `centred at ${centre.x.toFixed(1)} × ${centre.y.toFixed(1)} mm`);
});

test('骑缝章 on a one-page document says it needs two pages', async () => {
  const input = await approved('one-page', 1);
  const error = await refusal(seal(input, { page: 1, xMm: 0, yMm: 150 }, true).done);
  assert.equal(error.code, 'CROSS_PAGE_TOO_FEW_PAGES');
  assert.equal(errorMessage('zh-CN', error.toWire()), '骑缝章需要至少两页，该文档只有 1 页。');
});

test('骑缝章 over more pages than one impression can cover: groups of slices at least 3 mm wide, each a full impression', async () => {
  const input = await approved('forty-pages', 40);
  const { output, done } = seal(input, { page: 1, xMm: 0, yMm: 150 }, true);
  await done;
  assert.deepEqual(pdfsig(output).validations, ['Signature is Valid.', 'Signature is Valid.']);
  const report = await fixture.desk.verify(output);
  const widgets = report.signatures[1]?.widgets ?? [];
  assert.equal(widgets.length, 40, 'one slice on every page');
  const widthsMm = widgets.map((w) => (w.rect[2] - w.rect[0]) / PT_PER_MM);
  // Rectangles are written to 1/100 pt.
  assert.ok(Math.min(...widthsMm) >= 3 - 0.01, `narrowest slice ${Math.min(...widthsMm).toFixed(2)} mm`);
  // 40 pages of a 42 mm seal: at most 14 slices of 3 mm make one impression, so three groups of 13–14 pages.
  assert.deepEqual([...new Set(widthsMm.map((w) => Math.round((42 / w) * 10) / 10))].sort(), [13, 14]);
  const middle = renderPage(output, 7);
  const red = redBounds(middle);
  assert.ok(red.left >= middle.width - (widthsMm[6] ?? 0) * PT_PER_MM - 1, `the slice shows at the right edge (red from ${red.left} px)`);
});

test('the layout gives every signature box where the user placed it on the page as displayed: rotated and cropped pages alike', async () => {
  const rotated = join(fixture.work, 'layout-rotated.pdf');
  writeTestPdf(rotated, 2, 0, 90);
  const cropped = join(fixture.work, 'layout-cropped.pdf');
  writeTestPdf(`${cropped}.plain`, 2);
  const edited = readFileSync(`${cropped}.plain`, 'latin1').replaceAll(
    '/MediaBox [0 0 595.28 841.89]',
    '/MediaBox [0 0 595.28 841.89] /CropBox [50 98 545.28 743.89]',
  );
  writeFileSync(`${cropped}.edited`, edited, 'latin1');
  spawnSync('qpdf', [`${cropped}.edited`, cropped]);
  for (const input of [rotated, cropped]) {
    const output = input.replace(/\.pdf$/, '-approved.pdf');
    const visible = { page: 2, xMm: 60, yMm: 40 };
    await fixture.desk.approve({ serial: fixture.demo.tokenSerial, overwrite: false, certificate: '个人证书', input, output, visible });
    const layout = fixture.desk.layout(output);
    assert.equal(layout.pages.length, 2);
    const [widget, ...others] = layout.widgets;
    assert.equal(others.length, 0);
    assert.deepEqual({ page: widget?.page, signer: widget?.signer }, { page: 2, signer: { name: '张三', reason: '签发' } });
    const rect = widget?.rect ?? { leftMm: 0, topMm: 0, widthMm: 0, heightMm: 0 };
    const expected = [30, 31, 60, 18];
    const got = [rect.leftMm, rect.topMm, rect.widthMm, rect.heightMm];
    assert.ok(
      got.every((value, i) => Math.abs(value - (expected[i] ?? 0)) < 0.05),
      `${input}: ${got.map((v) => v.toFixed(2)).join(', ')}`,
    );
  }
});
