import { deflateSync } from 'node:zlib';
import { cjkFont, subsetFont, type TrueTypeFont } from '../fonts/index.ts';
import { dict, formatNumber as f, name, PdfStream, PdfString, type IncrementalUpdate, type PdfRef } from '../pdf/index.ts';

import type { LoadedImpression } from './impressions.ts';

/** The impression as one form XObject in its own box; every widget draws it, whole or as a slice. */
export function impressionForm(update: IncrementalUpdate, impression: LoadedImpression): { ref: PdfRef; width: number; height: number } {
  if (impression.kind === 'vector') {
    const { width, height, content } = impression.drawing;
    return { ref: form(update, { widthPt: width, heightPt: height, rotate: 0 }, content, {}), width, height };
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

/** What an invisible signature's zero-size widget shows: nothing, and it needs no font to show it. */
export function blankAppearance(update: IncrementalUpdate): PdfRef {
  return form(update, { widthPt: 1, heightPt: 1, rotate: 0 }, '', {});
}

/** A bordered box with lines of text in an embedded subset of the CJK font (approval signatures). */
export function textAppearance(update: IncrementalUpdate, lines: readonly string[], box: Upright): PdfRef {
  const { widthPt, heightPt } = box;
  const font = cjkFont();
  const text = lines.join('');
  const glyphs = [...text].map((ch) => font.glyphId(ch.codePointAt(0) ?? 0));
  const subset = subsetFont(font, glyphs);
  const fontRef = type0Font(update, font, text, subset.program, subset.glyphMap);
  const size = Math.min(12, (heightPt - 8) / lines.length / 1.3);
  const ops = ['q 0.8 0 0 RG 1 w', `1 1 ${f(widthPt - 2)} ${f(heightPt - 2)} re S Q`, 'BT 0.8 0 0 rg', `/F1 ${f(size)} Tf`];
  lines.forEach((line, i) => {
    const cids = [...line].map((ch) => subset.glyphMap.get(font.glyphId(ch.codePointAt(0) ?? 0)) ?? 0);
    const hex = cids.map((cid) => cid.toString(16).padStart(4, '0')).join('');
    ops.push(`1 0 0 1 6 ${f(heightPt - 6 - size * (i + 1) * 1.25)} Tm <${hex}> Tj`);
  });
  ops.push('ET');
  return form(update, box, ops.join('\n'), {}, { F1: fontRef });
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

function form(
  update: IncrementalUpdate,
  box: Upright,
  content: string,
  xobjects: Record<string, PdfRef>,
  fonts: Record<string, PdfRef> = {},
): PdfRef {
  const resources = dict({});
  if (Object.keys(xobjects).length > 0) resources.set('XObject', dict(xobjects));
  if (Object.keys(fonts).length > 0) resources.set('Font', dict(fonts));
  const data = deflateSync(Buffer.from(content, 'latin1'));
  return update.add(
    new PdfStream(
      dict({
        Type: name('XObject'),
        Subtype: name('Form'),
        BBox: [0, 0, box.widthPt, box.heightPt],
        ...(COUNTER_ROTATION[box.rotate] ? { Matrix: COUNTER_ROTATION[box.rotate] } : {}),
        Resources: resources,
        Filter: name('FlateDecode'),
      }),
      { data },
    ),
  );
}

function type0Font(update: IncrementalUpdate, font: TrueTypeFont, text: string, program: Buffer, glyphMap: Map<number, number>): PdfRef {
  const width = (glyph: number): number => Math.round((font.advance(glyph) * 1000) / font.unitsPerEm);
  const baseFont = `${subsetTag(text)}+SealDeskCJK`;
  const fontFile = update.add(
    new PdfStream(dict({ Length1: program.length, Filter: name('FlateDecode') }), { data: deflateSync(program) }),
  );
  const descriptor = update.add(
    dict({
      Type: name('FontDescriptor'),
      FontName: name(baseFont),
      Flags: 4,
      FontBBox: [-100, -200, 1100, 1000],
      ItalicAngle: 0,
      Ascent: 880,
      Descent: -120,
      CapHeight: 700,
      StemV: 80,
      FontFile2: fontFile,
    }),
  );
  const widths = [...glyphMap.entries()].sort((a, b) => a[1] - b[1]).flatMap(([old, cid]) => [cid, [width(old)]]);
  const cidFont = update.add(
    dict({
      Type: name('Font'),
      Subtype: name('CIDFontType2'),
      BaseFont: name(baseFont),
      CIDSystemInfo: dict({
        Registry: new PdfString(Buffer.from('Adobe')),
        Ordering: new PdfString(Buffer.from('Identity')),
        Supplement: 0,
      }),
      FontDescriptor: descriptor,
      CIDToGIDMap: name('Identity'),
      DW: 1000,
      W: widths,
    }),
  );
  const toUnicode = update.add(new PdfStream(dict({}), { data: Buffer.from(toUnicodeCMap(font, text, glyphMap), 'latin1') }));
  return update.add(
    dict({
      Type: name('Font'),
      Subtype: name('Type0'),
      BaseFont: name(baseFont),
      Encoding: name('Identity-H'),
      DescendantFonts: [cidFont],
      ToUnicode: toUnicode,
    }),
  );
}

function subsetTag(text: string): string {
  let hash = 0;
  for (const ch of text) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return [...Array(6)].map((_, i) => String.fromCharCode(65 + (Math.floor(hash / 26 ** i) % 26))).join('');
}

/** Lets readers copy and search the text: CID → Unicode. */
function toUnicodeCMap(font: TrueTypeFont, text: string, glyphMap: Map<number, number>): string {
  const pairs = new Map<number, string>();
  for (const ch of text) {
    const cid = glyphMap.get(font.glyphId(ch.codePointAt(0) ?? 0));
    if (cid !== undefined && cid !== 0) pairs.set(cid, Buffer.from(ch, 'utf16le').swap16().toString('hex'));
  }
  const entries = [...pairs].map(([cid, hex]) => `<${cid.toString(16).padStart(4, '0')}> <${hex}>`);
  return [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <0000> <FFFF> endcodespacerange',
    `${entries.length} beginbfchar`,
    ...entries,
    'endbfchar endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
}
