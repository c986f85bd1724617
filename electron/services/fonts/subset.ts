import type { TrueTypeFont } from './truetype.ts';

const COMPOSITE_FLAGS = { wordArgs: 0x1, scale: 0x8, more: 0x20, xyScale: 0x40, twoByTwo: 0x80 } as const;

/** Glyph ids a composite glyph is built from (components referenced by index). */
function components(glyph: Buffer): { glyph: number; at: number }[] {
  if (glyph.length < 10 || glyph.readInt16BE(0) >= 0) return [];
  const found: { glyph: number; at: number }[] = [];
  let at = 10;
  for (;;) {
    const flags = glyph.readUInt16BE(at);
    found.push({ glyph: glyph.readUInt16BE(at + 2), at: at + 2 });
    at += 4 + (flags & COMPOSITE_FLAGS.wordArgs ? 4 : 2);
    if (flags & COMPOSITE_FLAGS.scale) at += 2;
    else if (flags & COMPOSITE_FLAGS.xyScale) at += 4;
    else if (flags & COMPOSITE_FLAGS.twoByTwo) at += 8;
    if (!(flags & COMPOSITE_FLAGS.more)) return found;
  }
}

export interface FontSubset {
  /** The subset font program (a valid TrueType file) for /FontFile2. */
  program: Buffer;
  /** Old glyph id → new glyph id, the CID written in content streams. */
  glyphMap: Map<number, number>;
}

/** Keeps only the glyphs used (plus .notdef and composite parts), renumbered from 0. */
export function subsetFont(font: TrueTypeFont, glyphs: Iterable<number>): FontSubset {
  const glyphMap = new Map<number, number>([[0, 0]]);
  const queue = [...glyphs];
  while (queue.length > 0) {
    const glyph = queue.shift() ?? 0;
    if (glyphMap.has(glyph) || glyph >= font.numGlyphs) continue;
    glyphMap.set(glyph, glyphMap.size);
    for (const part of components(font.glyphData(glyph))) queue.push(part.glyph);
  }
  for (const glyph of [...glyphMap.keys()])
    for (const part of components(font.glyphData(glyph))) if (!glyphMap.has(part.glyph)) glyphMap.set(part.glyph, glyphMap.size);
  const order = [...glyphMap.entries()].sort((a, b) => a[1] - b[1]).map(([old]) => old);
  const glyf: Buffer[] = [];
  const loca = Buffer.alloc((order.length + 1) * 4);
  let offset = 0;
  order.forEach((old, index) => {
    const data = Buffer.from(font.glyphData(old));
    for (const part of components(data)) data.writeUInt16BE(glyphMap.get(part.glyph) ?? 0, part.at);
    const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
    loca.writeUInt32BE(offset, index * 4);
    glyf.push(padded);
    offset += padded.length;
  });
  loca.writeUInt32BE(offset, order.length * 4);
  const hmtx = Buffer.alloc(order.length * 4);
  order.forEach((old, index) => hmtx.writeUInt16BE(font.advance(old), index * 4));
  const head = Buffer.from(font.tableBytes('head') ?? Buffer.alloc(54));
  head.writeUInt32BE(0, 8);
  head.writeInt16BE(1, 50);
  const hhea = Buffer.from(font.tableBytes('hhea') ?? Buffer.alloc(36));
  hhea.writeUInt16BE(order.length, 34);
  const maxp = Buffer.from(font.tableBytes('maxp') ?? Buffer.alloc(32));
  maxp.writeUInt16BE(order.length, 4);
  const tables: [string, Buffer][] = [
    ['glyf', Buffer.concat(glyf)],
    ['head', head],
    ['hhea', hhea],
    ['hmtx', hmtx],
    ['loca', loca],
    ['maxp', maxp],
  ];
  for (const tag of ['cvt ', 'fpgm', 'prep']) {
    const bytes = font.tableBytes(tag);
    if (bytes !== undefined) tables.push([tag, Buffer.from(bytes)]);
  }
  return { program: assemble(tables.sort((a, b) => (a[0] < b[0] ? -1 : 1))), glyphMap };
}

function checksum(data: Buffer): number {
  let sum = 0;
  const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

function assemble(tables: [string, Buffer][]): Buffer {
  const header = Buffer.alloc(12 + tables.length * 16);
  header.writeUInt32BE(0x00010000, 0);
  header.writeUInt16BE(tables.length, 4);
  const power = 2 ** Math.floor(Math.log2(tables.length));
  header.writeUInt16BE(power * 16, 6);
  header.writeUInt16BE(Math.log2(power), 8);
  header.writeUInt16BE(tables.length * 16 - power * 16, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  tables.forEach(([tag, data], i) => {
    const record = 12 + i * 16;
    header.write(tag, record, 'latin1');
    header.writeUInt32BE(checksum(data), record + 4);
    header.writeUInt32BE(offset, record + 8);
    header.writeUInt32BE(data.length, record + 12);
    const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
    bodies.push(padded);
    offset += padded.length;
  });
  return Buffer.concat([header, ...bodies]);
}
