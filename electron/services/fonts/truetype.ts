import { AppError } from '../../../shared/errors.ts';

interface Table {
  offset: number;
  length: number;
}

const invalid = (detail: string): AppError => new AppError('FONT_MISSING', { detail });

/**
 * A TrueType (glyf-outline) font, the first face of a collection: enough to map characters to
 * glyphs, measure them, draw their outlines and cut a subset for embedding in a PDF.
 */
export class TrueTypeFont {
  readonly tables = new Map<string, Table>();
  readonly unitsPerEm: number;
  readonly numGlyphs: number;
  readonly ascent: number;
  readonly descent: number;
  private readonly longLoca: boolean;
  private readonly hMetrics: number;
  private readonly cmap: Map<number, number>;

  constructor(readonly data: Buffer) {
    const faceOffset = data.toString('latin1', 0, 4) === 'ttcf' ? data.readUInt32BE(12) : 0;
    const numTables = data.readUInt16BE(faceOffset + 4);
    for (let i = 0; i < numTables; i++) {
      const record = faceOffset + 12 + i * 16;
      this.tables.set(data.toString('latin1', record, record + 4), {
        offset: data.readUInt32BE(record + 8),
        length: data.readUInt32BE(record + 12),
      });
    }
    for (const tag of ['head', 'hhea', 'maxp', 'hmtx', 'loca', 'glyf', 'cmap'])
      if (!this.tables.has(tag)) throw invalid(`no ${tag} table (not a TrueType-outline font)`);
    const head = this.table('head').offset;
    this.unitsPerEm = data.readUInt16BE(head + 18);
    this.longLoca = data.readInt16BE(head + 50) === 1;
    this.numGlyphs = data.readUInt16BE(this.table('maxp').offset + 4);
    const hhea = this.table('hhea').offset;
    this.ascent = data.readInt16BE(hhea + 4);
    this.descent = data.readInt16BE(hhea + 6);
    this.hMetrics = data.readUInt16BE(hhea + 34);
    this.cmap = readCmap(data, this.table('cmap').offset);
  }

  table(tag: string): Table {
    const table = this.tables.get(tag);
    if (table === undefined) throw invalid(`no ${tag} table`);
    return table;
  }

  tableBytes(tag: string): Buffer | undefined {
    const table = this.tables.get(tag);
    return table && this.data.subarray(table.offset, table.offset + table.length);
  }

  glyphId(codePoint: number): number {
    return this.cmap.get(codePoint) ?? 0;
  }

  advance(glyph: number): number {
    const index = Math.min(glyph, this.hMetrics - 1);
    return this.data.readUInt16BE(this.table('hmtx').offset + index * 4);
  }

  /** The glyph's bytes in the glyf table (empty for blank glyphs such as the space). */
  glyphData(glyph: number): Buffer {
    const loca = this.table('loca').offset;
    const at = (i: number): number => (this.longLoca ? this.data.readUInt32BE(loca + i * 4) : this.data.readUInt16BE(loca + i * 2) * 2);
    const glyf = this.table('glyf').offset;
    return this.data.subarray(glyf + at(glyph), glyf + at(glyph + 1));
  }
}

function readCmap(data: Buffer, cmap: number): Map<number, number> {
  const count = data.readUInt16BE(cmap + 2);
  const subtables: { platform: number; encoding: number; offset: number; format: number }[] = [];
  for (let i = 0; i < count; i++) {
    const record = cmap + 4 + i * 8;
    const offset = cmap + data.readUInt32BE(record + 4);
    subtables.push({
      platform: data.readUInt16BE(record),
      encoding: data.readUInt16BE(record + 2),
      offset,
      format: data.readUInt16BE(offset),
    });
  }
  const full = subtables.find((s) => s.format === 12);
  if (full !== undefined) return readFormat12(data, full.offset);
  const bmp = subtables.find((s) => s.format === 4 && (s.platform === 3 || s.platform === 0));
  if (bmp !== undefined) return readFormat4(data, bmp.offset);
  throw invalid('no Unicode cmap');
}

function readFormat12(data: Buffer, offset: number): Map<number, number> {
  const map = new Map<number, number>();
  const groups = data.readUInt32BE(offset + 12);
  for (let i = 0; i < groups; i++) {
    const g = offset + 16 + i * 12;
    const [start, end, glyph] = [data.readUInt32BE(g), data.readUInt32BE(g + 4), data.readUInt32BE(g + 8)];
    for (let c = start; c <= end && c - start < 0x10000; c++) map.set(c, glyph + c - start);
  }
  return map;
}

function readFormat4(data: Buffer, offset: number): Map<number, number> {
  const map = new Map<number, number>();
  const segments = data.readUInt16BE(offset + 6) / 2;
  const ends = offset + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  for (let s = 0; s < segments; s++) {
    const [end, start] = [data.readUInt16BE(ends + s * 2), data.readUInt16BE(starts + s * 2)];
    const delta = data.readInt16BE(deltas + s * 2);
    const rangeOffset = data.readUInt16BE(rangeOffsets + s * 2);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const at = rangeOffsets + s * 2 + rangeOffset + (c - start) * 2;
        const raw = data.readUInt16BE(at);
        glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
      }
      if (glyph !== 0) map.set(c, glyph);
    }
  }
  return map;
}
