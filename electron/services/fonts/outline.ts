import type { TrueTypeFont } from './truetype.ts';

/** Path commands in font units, y up: what a glyph looks like, for drawing it as a shape. */
export type PathCommand = { op: 'M' | 'L'; x: number; y: number } | { op: 'Q'; cx: number; cy: number; x: number; y: number } | { op: 'Z' };

const ON_CURVE = 0x1;
const X_SHORT = 0x2;
const Y_SHORT = 0x4;
const REPEAT = 0x8;
const X_SAME = 0x10;
const Y_SAME = 0x20;
const MAX_DEPTH = 8;

export function glyphOutline(font: TrueTypeFont, glyph: number, depth = 0): PathCommand[] {
  const data = font.glyphData(glyph);
  if (data.length < 10 || depth > MAX_DEPTH) return [];
  const contours = data.readInt16BE(0);
  return contours >= 0 ? simpleOutline(data, contours) : compositeOutline(font, data, depth);
}

function simpleOutline(data: Buffer, contourCount: number): PathCommand[] {
  const ends: number[] = [];
  for (let i = 0; i < contourCount; i++) ends.push(data.readUInt16BE(10 + i * 2));
  const pointCount = (ends.at(-1) ?? -1) + 1;
  let at = 10 + contourCount * 2;
  at += 2 + data.readUInt16BE(at);
  const flags: number[] = [];
  while (flags.length < pointCount) {
    const flag = data.readUInt8(at++);
    flags.push(flag);
    if (flag & REPEAT) for (let r = data.readUInt8(at++); r > 0; r--) flags.push(flag);
  }
  const readAxis = (short: number, same: number): number[] => {
    let value = 0;
    return flags.map((flag) => {
      if (flag & short) {
        const delta = data.readUInt8(at++);
        value += flag & same ? delta : -delta;
      } else if (!(flag & same)) {
        value += data.readInt16BE(at);
        at += 2;
      }
      return value;
    });
  };
  const xs = readAxis(X_SHORT, X_SAME);
  const ys = readAxis(Y_SHORT, Y_SAME);
  const commands: PathCommand[] = [];
  let start = 0;
  for (const end of ends) {
    const points = [];
    for (let i = start; i <= end; i++) points.push({ x: xs[i] ?? 0, y: ys[i] ?? 0, on: ((flags[i] ?? 0) & ON_CURVE) !== 0 });
    commands.push(...contourCommands(points));
    start = end + 1;
  }
  return commands;
}

/** Quadratic B-spline contour to M/L/Q commands; implied on-curve points sit between two off-curve ones. */
function contourCommands(points: { x: number; y: number; on: boolean }[]): PathCommand[] {
  if (points.length === 0) return [];
  const firstOn = points.findIndex((p) => p.on);
  const rotated = firstOn >= 0 ? [...points.slice(firstOn), ...points.slice(0, firstOn)] : points;
  const first = rotated[0] ?? { x: 0, y: 0, on: true };
  const origin = first.on
    ? first
    : { x: (first.x + (rotated.at(-1)?.x ?? first.x)) / 2, y: (first.y + (rotated.at(-1)?.y ?? first.y)) / 2 };
  const commands: PathCommand[] = [{ op: 'M', x: origin.x, y: origin.y }];
  let control: { x: number; y: number } | null = null;
  for (const point of [...rotated.slice(first.on ? 1 : 0), { ...origin, on: true }]) {
    if (point.on) {
      commands.push(control ? { op: 'Q', cx: control.x, cy: control.y, x: point.x, y: point.y } : { op: 'L', x: point.x, y: point.y });
      control = null;
    } else if (control) {
      const mid = { x: (control.x + point.x) / 2, y: (control.y + point.y) / 2 };
      commands.push({ op: 'Q', cx: control.x, cy: control.y, x: mid.x, y: mid.y });
      control = point;
    } else control = point;
  }
  commands.push({ op: 'Z' });
  return commands;
}

function compositeOutline(font: TrueTypeFont, data: Buffer, depth: number): PathCommand[] {
  const commands: PathCommand[] = [];
  let at = 10;
  for (;;) {
    const flags = data.readUInt16BE(at);
    const glyph = data.readUInt16BE(at + 2);
    const words = flags & 0x1;
    const dx = words ? data.readInt16BE(at + 4) : data.readInt8(at + 4);
    const dy = words ? data.readInt16BE(at + 6) : data.readInt8(at + 5);
    at += 4 + (words ? 4 : 2);
    let [sx, sy] = [1, 1];
    if (flags & 0x8) {
      sx = sy = data.readInt16BE(at) / 16384;
      at += 2;
    } else if (flags & 0x40) {
      [sx, sy] = [data.readInt16BE(at) / 16384, data.readInt16BE(at + 2) / 16384];
      at += 4;
    } else if (flags & 0x80) {
      [sx, sy] = [data.readInt16BE(at) / 16384, data.readInt16BE(at + 6) / 16384];
      at += 8;
    }
    const offset = flags & 0x2 ? { dx, dy } : { dx: 0, dy: 0 };
    for (const c of glyphOutline(font, glyph, depth + 1)) commands.push(transform(c, sx, sy, offset.dx, offset.dy));
    if (!(flags & 0x20)) return commands;
  }
}

function transform(command: PathCommand, sx: number, sy: number, dx: number, dy: number): PathCommand {
  if (command.op === 'Z') return command;
  if (command.op === 'Q')
    return { op: 'Q', cx: command.cx * sx + dx, cy: command.cy * sy + dy, x: command.x * sx + dx, y: command.y * sy + dy };
  return { op: command.op, x: command.x * sx + dx, y: command.y * sy + dy };
}
