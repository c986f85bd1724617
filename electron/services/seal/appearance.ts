import { deflateSync } from 'node:zlib';
import { cjkFont } from '../fonts/index.ts';
import { KeptResults } from '../platform/index.ts';
import { dict, embedFont, formatNumber as f, name, PdfStream, type IncrementalUpdate, type PdfRef } from '../pdf/index.ts';

import type { LoadedImpression } from './impressions.ts';

/** The impression as one form XObject in its own box; every widget draws it, whole or as a slice. */
export function impressionForm(update: IncrementalUpdate, impression: LoadedImpression): { ref: PdfRef; width: number; height: number } {
  if (impression.kind === 'vector') {
    const { width, height, content } = impression.drawing;
    return { ref: form(update, { widthPt: width, heightPt: height, rotate: 0 }, deflatedDrawing(content), {}), width, height };
  }
  const image = impression.image;
  const smask =
    image.alpha &&
    update.add(
      new PdfStream(
        dict({
          Type: name('XObject'),
          Subtype: name('Image'),
          Width: image.width,
          Height: image.height,
          ColorSpace: name('DeviceGray'),
          BitsPerComponent: 8,
          Filter: name('FlateDecode'),
        }),
        { data: image.alpha },
      ),
    );
  const imageDict = dict({
    Type: name('XObject'),
    Subtype: name('Image'),
    Width: image.width,
    Height: image.height,
    ColorSpace: name('DeviceRGB'),
    BitsPerComponent: 8,
    Filter: name('FlateDecode'),
  });
  if (smask) imageDict.set('SMask', smask);
  const imageRef = update.add(new PdfStream(imageDict, { data: image.rgb }));
  const [width, height] = [1000, (1000 * image.height) / image.width];
  const content = `q ${width} 0 0 ${f(height)} 0 0 cm /Im0 Do Q`;
  return { ref: form(update, { widthPt: width, heightPt: height, rotate: 0 }, content, { Im0: imageRef }), width, height };
}

/**
 * A widget appearance of `widthPt` × `heightPt` showing the part of the impression from
 * `offsetFraction` across, scaled so the whole impression is `fullWidthPt` wide (a 骑缝章 slice, or
 * the whole impression when offset is 0 and the widths agree).
 */
export function sliceAppearance(
  update: IncrementalUpdate,
  impression: { ref: PdfRef; width: number; height: number },
  placement: Upright & { fullWidthPt: number; offsetFraction: number },
): PdfRef {
  const scale = placement.fullWidthPt / impression.width;
  const dx = -placement.offsetFraction * placement.fullWidthPt;
  return form(update, placement, `q ${f(scale)} 0 0 ${f(scale)} ${f(dx)} 0 cm /Seal Do Q`, { Seal: impression.ref });
}

/** The whole impression as large as fits the box, centred: a seal signed into a field the form designer drew. */
export function fittedAppearance(
  update: IncrementalUpdate,
  impression: { ref: PdfRef; width: number; height: number },
  box: Upright,
): PdfRef {
  const scale = Math.min(box.widthPt / impression.width, box.heightPt / impression.height);
  const [dx, dy] = [(box.widthPt - impression.width * scale) / 2, (box.heightPt - impression.height * scale) / 2];
  return form(update, box, `q ${f(scale)} 0 0 ${f(scale)} ${f(dx)} ${f(dy)} cm /Seal Do Q`, { Seal: impression.ref });
}

/** What an invisible signature's zero-size widget shows: nothing, and it needs no font to show it. */
export function blankAppearance(update: IncrementalUpdate): PdfRef {
  return form(update, { widthPt: 1, heightPt: 1, rotate: 0 }, '', {});
}

/** A bordered box with lines of text in an embedded subset of the CJK font (approval signatures). */
export function textAppearance(update: IncrementalUpdate, lines: readonly string[], box: Upright): PdfRef {
  const { widthPt, heightPt } = box;
  const embedded = embedFont(update, cjkFont(), lines.join(''));
  const size = Math.min(12, (heightPt - 8) / lines.length / 1.3);
  const ops = ['q 0.8 0 0 RG 1 w', `1 1 ${f(widthPt - 2)} ${f(heightPt - 2)} re S Q`, 'BT 0.8 0 0 rg', `/F1 ${f(size)} Tf`];
  lines.forEach((line, i) => ops.push(`1 0 0 1 6 ${f(heightPt - 6 - size * (i + 1) * 1.25)} Tm ${embedded.hex(line)} Tj`));
  ops.push('ET');
  return form(update, box, ops.join('\n'), {}, { F1: embedded.ref });
}

/** An appearance's size as the reader sees it, and the page rotation it must turn against. */
export interface Upright {
  widthPt: number;
  heightPt: number;
  rotate: number;
}

/** Turns the appearance counter-clockwise by the page's clockwise /Rotate; the reader fits the result to /Rect. */
const COUNTER_ROTATION: Readonly<Record<number, number[]>> = {
  90: [0, 1, -1, 0, 0, 0],
  180: [-1, 0, 0, -1, 0, 0],
  270: [0, -1, 1, 0, 0, 0],
};

/** A seal's drawing is the same for every document of a batch; compressing it was a tenth of each seal's time. */
const deflatedDrawings = new KeptResults<string, Buffer>(16);

function deflatedDrawing(content: string): Buffer {
  return deflatedDrawings.get(content, () => deflateSync(Buffer.from(content, 'latin1')));
}

/**
 * Deflating a few dozen bytes makes them no smaller and costs a zlib stream each time: a 骑缝章 over
 * 1000 pages has 1000 slice appearances of about 40 bytes, which took half a second to compress.
 */
const DEFLATE_FROM = 256;

/** A Buffer is a drawing deflated already (deflatedDrawing); a short text is kept as it is. */
function streamData(content: string | Buffer): { data: Buffer; deflated: boolean } {
  if (typeof content !== 'string') return { data: content, deflated: true };
  const text = Buffer.from(content, 'latin1');
  return text.length < DEFLATE_FROM ? { data: text, deflated: false } : { data: deflateSync(text), deflated: true };
}

function form(
  update: IncrementalUpdate,
  box: Upright,
  content: string | Buffer,
  xobjects: Record<string, PdfRef>,
  fonts: Record<string, PdfRef> = {},
): PdfRef {
  const resources = dict({});
  if (Object.keys(xobjects).length > 0) resources.set('XObject', dict(xobjects));
  if (Object.keys(fonts).length > 0) resources.set('Font', dict(fonts));
  const { data, deflated } = streamData(content);
  return update.add(
    new PdfStream(
      dict({
        Type: name('XObject'),
        Subtype: name('Form'),
        BBox: [0, 0, box.widthPt, box.heightPt],
        ...(COUNTER_ROTATION[box.rotate] ? { Matrix: COUNTER_ROTATION[box.rotate] } : {}),
        Resources: resources,
        ...(deflated ? { Filter: name('FlateDecode') } : {}),
      }),
      { data },
    ),
  );
}
