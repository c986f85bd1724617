import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp.ts';

export interface Raster {
  width: number;
  height: number;
  rgb: Buffer;
}

/** One page rendered by poppler (pdftoppm) at `dpi`, as readers print it: /Rotate applied, annotations drawn. */
export function renderPage(pdf: string, page: number, dpi = 72, { cropBox = false } = {}): Raster {
  const prefix = join(tempDir('render'), 'page');
  // pdftoppm shows the MediaBox unless asked for the CropBox, the part viewers show.
  const box = cropBox ? ['-cropbox'] : [];
  execFileSync('pdftoppm', ['-r', String(dpi), ...box, '-f', String(page), '-l', String(page), '-singlefile', pdf, prefix]);
  return readPpm(`${prefix}.ppm`);
}

/** The page as mutool draws it (its CropBox, scaled by /UserUnit, which poppler ignores), `dpi` pixels per inch. */
export function renderPageWithMutool(pdf: string, page: number, dpi = 72): Raster {
  const path = join(tempDir('render'), 'page.ppm');
  execFileSync('mutool', ['draw', '-q', '-r', String(dpi), '-o', path, pdf, String(page)]);
  return readPpm(path);
}

function readPpm(path: string): Raster {
  const ppm = readFileSync(path);
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 50).toString('latin1'));
  if (header === null) throw new Error('not a binary PPM');
  const [, width, height] = header.map(Number) as [number, number, number];
  return { width, height, rgb: ppm.subarray(header[0].length) };
}

/** Pixels of seal red (strong red, little green and blue). */
export function isSealRed(raster: Raster, x: number, y: number): boolean {
  const i = (y * raster.width + x) * 3;
  return raster.rgb[i]! > 150 && raster.rgb[i + 1]! < 90 && raster.rgb[i + 2]! < 90;
}

export interface PixelBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The bounding box of the seal-red pixels, within `within` (pixels, right and bottom exclusive) when given, leaving
 * out those already red in `before` (the same page rendered before sealing: a link border, a red heading).
 */
export function redBounds(raster: Raster, within?: PixelBox, before?: Raster): PixelBox {
  const area = within ?? { left: 0, top: 0, right: raster.width, bottom: raster.height };
  const [x0, y0] = [Math.max(0, Math.floor(area.left)), Math.max(0, Math.floor(area.top))];
  const [x1, y1] = [Math.min(raster.width, Math.ceil(area.right)), Math.min(raster.height, Math.ceil(area.bottom))];
  let [left, top, right, bottom] = [raster.width, raster.height, -1, -1];
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++)
      if (isSealRed(raster, x, y) && !(before !== undefined && isSealRed(before, x, y)))
        [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x + 1), Math.max(bottom, y + 1)];
  return { left, top, right, bottom };
}
