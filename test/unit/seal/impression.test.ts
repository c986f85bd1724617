import assert from 'node:assert/strict';
import { inflateSync, deflateSync } from 'node:zlib';
import { test } from 'node:test';
import { decodePng } from '../../../electron/services/seal/impression/png.ts';
import { svgToPdf } from '../../../electron/services/seal/impression/svg.ts';
import { pngChunk, pngFile } from '../../support/png.ts';

/** A 2 × 1 RGBA PNG at 600 dpi: one opaque red pixel, one transparent one (rows use the Sub filter). */
function tinyPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const physical = Buffer.alloc(9);
  physical.writeUInt32BE(23622, 0);
  physical.writeUInt32BE(23622, 4);
  physical[8] = 1;
  const row = Buffer.from([1, 215, 0, 15, 255, (0 - 215) & 0xff, 0, (0 - 15) & 0xff, (0 - 255) & 0xff]);
  return pngFile([
    pngChunk('IHDR', header),
    pngChunk('pHYs', physical),
    pngChunk('IDAT', deflateSync(row)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

test('a PNG impression splits into RGB and an alpha mask and keeps its physical size', () => {
  const image = decodePng(tinyPng());
  assert.deepEqual([image.width, image.height], [2, 1]);
  assert.deepEqual([...inflateSync(image.rgb)], [215, 0, 15, 0, 0, 0]);
  assert.deepEqual([...inflateSync(image.alpha ?? Buffer.alloc(0))], [255, 0]);
  assert.ok(Math.abs((image.widthMm ?? 0) - (2 / 23622) * 1000) < 1e-9);
});

test('an SVG impression becomes PDF path operators; scripts, images and text are refused', () => {
  const drawing = svgToPdf(
    '<svg xmlns="http://www.w3.org/2000/svg" width="42mm" height="42mm" viewBox="0 0 420 420"><circle cx="210" cy="210" r="200" fill="none" stroke="#d7000f" stroke-width="12"/><path d="M10 10 L20 20 Q30 10 40 20 Z" fill="#d7000f"/></svg>',
  );
  assert.equal(drawing.widthMm, 42);
  assert.match(drawing.content, /0\.8431 0 0\.0588 RG 12 w/);
  assert.match(drawing.content, /10 10 m 20 20 l .* c h\nf/);
  for (const bad of ['<script>alert(1)</script>', '<image href="x.png"/>', '<text>印</text>']) {
    assert.throws(() => svgToPdf(`<svg viewBox="0 0 10 10">${bad}</svg>`), { code: 'IMPRESSION_INVALID' });
  }
  assert.throws(() => decodePng(Buffer.from('not a png')), { code: 'IMPRESSION_INVALID' });
});
