import { deflateSync } from 'node:zlib';
import { subsetFont, type TrueTypeFont } from '../fonts/index.ts';
import { dict, name, PdfStream, PdfString, type PdfRef } from './objects.ts';
import type { ObjectSink } from './writer.ts';

/** A subset of a TrueType font embedded as a Type0/Identity-H font, and how to write text in it. */
export interface EmbeddedFont {
  ref: PdfRef;
  /** The string operand for Tj: the text as CIDs of the subset. */
  hex(text: string): string;
}

/** Embeds only the glyphs `text` needs, with a ToUnicode map so readers can copy and search the text. */
export function embedFont(sink: ObjectSink, font: TrueTypeFont, text: string): EmbeddedFont {
  const subset = subsetFont(
    font,
    [...text].map((ch) => font.glyphId(ch.codePointAt(0) ?? 0)),
  );
  const ref = type0Font(sink, font, text, subset.program, subset.glyphMap);
  return {
    ref,
    hex: (line) =>
      `<${[...line].map((ch) => (subset.glyphMap.get(font.glyphId(ch.codePointAt(0) ?? 0)) ?? 0).toString(16).padStart(4, '0')).join('')}>`,
  };
}

function type0Font(sink: ObjectSink, font: TrueTypeFont, text: string, program: Buffer, glyphMap: Map<number, number>): PdfRef {
  const width = (glyph: number): number => Math.round((font.advance(glyph) * 1000) / font.unitsPerEm);
  const baseFont = `${subsetTag(text)}+SealDeskCJK`;
  const fontFile = sink.add(new PdfStream(dict({ Length1: program.length, Filter: name('FlateDecode') }), { data: deflateSync(program) }));
  const descriptor = sink.add(
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
  const cidFont = sink.add(
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
  const toUnicode = sink.add(new PdfStream(dict({}), { data: Buffer.from(toUnicodeCMap(font, text, glyphMap), 'latin1') }));
  return sink.add(
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
