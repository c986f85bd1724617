import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pdfsig, writeTestPdf } from '../../support/pdf.ts';
import { isSealRed, redBounds, renderPage } from '../../support/raster.ts';
import { useSealDesk } from '../../support/seal-desk.ts';

// A "T": a wide bar on top of a narrow stem, so a seal turned on its side or upside down shows.
const T_IMPRESSION =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 60"><polygon fill="#d00000" points="0,0 100,0 100,15 0,15"/>' +
  '<polygon fill="#d00000" points="42,15 58,15 58,60 42,60"/></svg>';
const PT_PER_MM = 72 / 25.4;

const fixture = useSealDesk('rotated', async ({ desk }) => {
  const [seal] = await desk.seals();
  await desk.importImpression(seal!.certificate.fingerprintSha256, Buffer.from(T_IMPRESSION), 'svg', 40);
});

for (const rotate of [0, 90, 180, 270]) {
  test(`/Rotate ${rotate}: the seal sits at the placement measured on the page as shown, upright (poppler render)`, async () => {
    const { work, demo, desk } = fixture;
    const input = join(work, `rotated-${rotate}.pdf`);
    writeTestPdf(input, 1, 0, rotate);
    const approved = join(work, `rotated-${rotate}-approved.pdf`);
    const ref = { serial: demo.tokenSerial, overwrite: false };
    await desk.approve({ ...ref, certificate: '个人证书', input, output: approved, visible: null });
    const sealed = join(work, `rotated-${rotate}-sealed.pdf`);
    const placement = { page: 1, xMm: 60, yMm: 40 };
    await desk.seal({ ...ref, certificate: '电子印章', input: approved, output: sealed, placement, crossPage: false, final: false });
    assert.deepEqual(pdfsig(sealed).validations, ['Signature is Valid.', 'Signature is Valid.']);

    const page = renderPage(sealed, 1);
    assert.equal(page.width > page.height, rotate % 180 !== 0, 'poppler shows the page turned');
    const red = redBounds(page);
    const centre = { x: (red.left + red.right) / 2 / PT_PER_MM, y: (red.top + red.bottom) / 2 / PT_PER_MM };
    assert.ok(Math.abs(centre.x - 60) < 1 && Math.abs(centre.y - 40) < 1, `centred at ${centre.x.toFixed(1)} × ${centre.y.toFixed(1)} mm`);
    assert.ok(Math.abs((red.right - red.left) / PT_PER_MM - 40) < 1, 'as wide as placed: not turned on its side');
    const rowRed = (y: number): number =>
      Array.from({ length: red.right - red.left }, (_, i) => isSealRed(page, red.left + i, y)).filter(Boolean).length;
    assert.ok(rowRed(red.top + 2) > 3 * rowRed(red.bottom - 2), 'the bar is on top: not upside down');
  });
}
