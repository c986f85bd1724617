import { AppError } from '../../../../shared/errors.ts';
import { formatNumber } from '../../pdf/index.ts';

/** A vector impression ready for a PDF form XObject: its box in its own units and the drawing operators. */
export interface VectorDrawing {
  width: number;
  height: number;
  widthMm: number;
  heightMm: number;
  content: string;
}

const MM_PER_UNIT: Readonly<Record<string, number>> = { mm: 1, cm: 10, in: 25.4, pt: 25.4 / 72, px: 25.4 / 96, '': 25.4 / 96 };
const PX_MM = 25.4 / 96;
const IGNORED = new Set(['title', 'desc', 'metadata', 'g']);
const invalid = (detail: string): AppError => new AppError('IMPRESSION_INVALID', { detail });

/**
 * The part of SVG an impression needs: filled or stroked paths, circles and polygons in flat colours.
 * Anything else (scripts, images, text, transforms) is refused rather than drawn wrongly.
 */
export function svgToPdf(svg: string): VectorDrawing {
  const root = /<svg\b([^>]*)>/i.exec(svg);
  if (root?.[1] === undefined) throw invalid('not an SVG image');
  const rootAttrs = attributes(root[1]);
  const viewBox = (rootAttrs.get('viewBox') ?? '').split(/[\s,]+/).map(Number);
  const widthMm = lengthMm(rootAttrs.get('width'));
  const heightMm = lengthMm(rootAttrs.get('height'));
  const [minX = 0, minY = 0, width = widthMm / PX_MM, height = heightMm / PX_MM] = viewBox.length === 4 ? viewBox : [];
  if (!(width > 0 && height > 0)) throw invalid('the SVG has no size');
  const ops = [`1 0 0 -1 ${formatNumber(-minX)} ${formatNumber(height + minY)} cm`];
  for (const match of svg.slice(root.index + root[0].length).matchAll(/<([a-zA-Z]+)\b([^>]*?)\/?>/g)) {
    const [, tag = '', raw = ''] = match;
    if (IGNORED.has(tag) || tag === 'svg') continue;
    const attrs = attributes(raw);
    if (attrs.has('transform')) throw invalid('transforms are not supported; flatten the drawing');
    ops.push(...shape(tag, attrs));
  }
  return { width, height, widthMm: widthMm || width * PX_MM, heightMm: heightMm || height * PX_MM, content: ops.join('\n') };
}

function attributes(raw: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of raw.matchAll(/([a-zA-Z:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) map.set(m[1] ?? '', m[3] ?? m[4] ?? '');
  const style = map.get('style');
  if (style !== undefined)
    for (const decl of style.split(';')) {
      const [key, value] = decl.split(':').map((s) => s.trim());
      if (key && value) map.set(key, value);
    }
  return map;
}

function lengthMm(value: string | undefined): number {
  const m = /^([\d.]+)\s*(mm|cm|in|pt|px)?$/.exec(value?.trim() ?? '');
  return m ? Number(m[1]) * (MM_PER_UNIT[m[2] ?? ''] ?? 1) : 0;
}

function shape(tag: string, attrs: Map<string, string>): string[] {
  const n = (key: string): number => Number(attrs.get(key) ?? 0);
  let path: string;
  if (tag === 'path') path = pathOps(attrs.get('d') ?? '');
  else if (tag === 'circle') path = circleOps(n('cx'), n('cy'), n('r'));
  else if (tag === 'polygon') path = polygonOps(attrs.get('points') ?? '');
  else throw invalid(`unsupported element <${tag}>`);
  const fill = color(attrs.get('fill') ?? '#000');
  const stroke = color(attrs.get('stroke') ?? 'none');
  const ops = ['q'];
  if (fill) ops.push(`${fill} rg`);
  if (stroke) ops.push(`${stroke} RG ${formatNumber(Number(attrs.get('stroke-width') ?? 1))} w`);
  const evenOdd = attrs.get('fill-rule') === 'evenodd';
  const paint = fill && stroke ? (evenOdd ? 'B*' : 'B') : fill ? (evenOdd ? 'f*' : 'f') : stroke ? 'S' : 'n';
  ops.push(path, paint, 'Q');
  return ops;
}

function color(value: string): string | null {
  if (value === 'none' || value === 'transparent') return null;
  const named: Record<string, string> = { red: '#ff0000', black: '#000000', white: '#ffffff' };
  let hex = (named[value.toLowerCase()] ?? value).replace('#', '');
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join('');
  if (!/^[0-9a-fA-F]{6}$/.test(hex)) throw invalid(`unsupported colour ${value}`);
  return [0, 2, 4].map((i) => formatNumber(parseInt(hex.slice(i, i + 2), 16) / 255)).join(' ');
}

function circleOps(cx: number, cy: number, r: number): string {
  const k = r * 0.5522847498;
  const f = formatNumber;
  return [
    `${f(cx + r)} ${f(cy)} m`,
    `${f(cx + r)} ${f(cy + k)} ${f(cx + k)} ${f(cy + r)} ${f(cx)} ${f(cy + r)} c`,
    `${f(cx - k)} ${f(cy + r)} ${f(cx - r)} ${f(cy + k)} ${f(cx - r)} ${f(cy)} c`,
    `${f(cx - r)} ${f(cy - k)} ${f(cx - k)} ${f(cy - r)} ${f(cx)} ${f(cy - r)} c`,
    `${f(cx + k)} ${f(cy - r)} ${f(cx + r)} ${f(cy - k)} ${f(cx + r)} ${f(cy)} c h`,
  ].join(' ');
}

function polygonOps(points: string): string {
  const values = points
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  const ops: string[] = [];
  for (let i = 0; i + 1 < values.length; i += 2)
    ops.push(`${formatNumber(values[i] ?? 0)} ${formatNumber(values[i + 1] ?? 0)} ${i === 0 ? 'm' : 'l'}`);
  return `${ops.join(' ')} h`;
}

/** SVG path data (M L H V C Q Z, absolute or relative) as PDF path operators. */
function pathOps(d: string): string {
  const tokens = d.match(/[a-zA-Z]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g) ?? [];
  const ops: string[] = [];
  let [x, y, startX, startY] = [0, 0, 0, 0];
  let command = '';
  const f = formatNumber;
  for (let i = 0; i < tokens.length;) {
    if (/[a-zA-Z]/.test(tokens[i] ?? '')) command = tokens[i++] ?? '';
    const relative = command === command.toLowerCase();
    const num = (): number => Number(tokens[i++] ?? 0);
    const point = (): [number, number] => {
      const [px, py] = [num(), num()];
      return relative ? [x + px, y + py] : [px, py];
    };
    switch (command.toUpperCase()) {
      case 'M':
        [x, y] = point();
        [startX, startY] = [x, y];
        ops.push(`${f(x)} ${f(y)} m`);
        command = relative ? 'l' : 'L';
        break;
      case 'L':
        [x, y] = point();
        ops.push(`${f(x)} ${f(y)} l`);
        break;
      case 'H':
        x = relative ? x + num() : num();
        ops.push(`${f(x)} ${f(y)} l`);
        break;
      case 'V':
        y = relative ? y + num() : num();
        ops.push(`${f(x)} ${f(y)} l`);
        break;
      case 'C': {
        const [c1, c2, end] = [point(), point(), point()];
        ops.push(`${f(c1[0])} ${f(c1[1])} ${f(c2[0])} ${f(c2[1])} ${f(end[0])} ${f(end[1])} c`);
        [x, y] = end;
        break;
      }
      case 'Q': {
        const [q, end] = [point(), point()];
        const c1 = [x + (2 / 3) * (q[0] - x), y + (2 / 3) * (q[1] - y)];
        const c2 = [end[0] + (2 / 3) * (q[0] - end[0]), end[1] + (2 / 3) * (q[1] - end[1])];
        ops.push(`${f(c1[0] ?? 0)} ${f(c1[1] ?? 0)} ${f(c2[0] ?? 0)} ${f(c2[1] ?? 0)} ${f(end[0])} ${f(end[1])} c`);
        [x, y] = end;
        break;
      }
      case 'Z':
        ops.push('h');
        [x, y] = [startX, startY];
        command = ''; // numbers right after Z are malformed, not an implicit repeat
        break;
      default:
        throw invalid(`unsupported path command ${command || tokens[i] || ''}`);
    }
  }
  return ops.join(' ');
}
