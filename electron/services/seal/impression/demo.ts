import { cjkFont, glyphOutline, type PathCommand, type TrueTypeFont } from '../../fonts/index.ts';

/** Official-seal red, as the regulations' samples print it. */
export const SEAL_RED = '#d7000f';
const UNIT = 10; // SVG units per millimetre: 0.1 mm resolution, crisp at 600 dpi.
const KAPPA = 0.5522847498;

export interface DemoImpressionSpec {
  unitName: string;
  purpose: string;
  diameterMm: number;
}

type Point = [number, number];

/**
 * A round official seal drawn as filled paths only: ring, the unit name along the upper arc, a
 * five-pointed star and the purpose on the bottom line. Glyphs are converted to outlines, so the
 * SVG looks the same in every viewer and needs no font.
 */
export function demoImpressionSvg(spec: DemoImpressionSpec, font: TrueTypeFont = cjkFont()): string {
  const size = spec.diameterMm * UNIT;
  const c = size / 2;
  const mm = (value: number): number => (value * spec.diameterMm * UNIT) / 42;
  const outer = c - mm(0.4);
  const ring = `${circle(c, c, outer)} ${circle(c, c, outer - mm(1.3))}`;
  const parts = [
    ring,
    star(c, c, mm(7.2)),
    arcText(font, spec.unitName, c, mm(6.4), outer - mm(2.1) - mm(3.6)),
    lineText(font, spec.purpose, c, c + mm(11.5), mm(4.2)),
  ];
  const paths = parts.map((d) => `<path fill="${SEAL_RED}" fill-rule="evenodd" d="${d}"/>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${spec.diameterMm}mm" height="${spec.diameterMm}mm" viewBox="0 0 ${size} ${size}">${paths}</svg>`;
}

function fmt(n: number): string {
  return (Math.round(n * 100) / 100).toString();
}

function circle(cx: number, cy: number, r: number): string {
  const k = r * KAPPA;
  return (
    `M${fmt(cx + r)} ${fmt(cy)}C${fmt(cx + r)} ${fmt(cy + k)} ${fmt(cx + k)} ${fmt(cy + r)} ${fmt(cx)} ${fmt(cy + r)}` +
    `C${fmt(cx - k)} ${fmt(cy + r)} ${fmt(cx - r)} ${fmt(cy + k)} ${fmt(cx - r)} ${fmt(cy)}` +
    `C${fmt(cx - r)} ${fmt(cy - k)} ${fmt(cx - k)} ${fmt(cy - r)} ${fmt(cx)} ${fmt(cy - r)}` +
    `C${fmt(cx + k)} ${fmt(cy - r)} ${fmt(cx + r)} ${fmt(cy - k)} ${fmt(cx + r)} ${fmt(cy)}Z`
  );
}

function star(cx: number, cy: number, r: number): string {
  const points: Point[] = [];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? r : r * 0.382;
    const angle = (i * Math.PI) / 5;
    points.push([cx + radius * Math.sin(angle), cy - radius * Math.cos(angle)]);
  }
  return `${points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${fmt(x)} ${fmt(y)}`).join('')}Z`;
}

/** One glyph, em-centred, scaled to `height`, narrowed like seal lettering, rotated and moved to (x, y). */
function placedGlyph(font: TrueTypeFont, char: string, height: number, x: number, y: number, rotation: number): string {
  const glyph = font.glyphId(char.codePointAt(0) ?? 0);
  const scale = height / font.unitsPerEm;
  const advance = font.advance(glyph);
  const middle = (font.unitsPerEm * 0.88 - font.unitsPerEm * 0.12) / 2;
  const [cos, sin] = [Math.cos(rotation), Math.sin(rotation)];
  const map = (gx: number, gy: number): string => {
    const lx = (gx - advance / 2) * scale * 0.8;
    const ly = -(gy - middle) * scale;
    return `${fmt(x + lx * cos - ly * sin)} ${fmt(y + lx * sin + ly * cos)}`;
  };
  return glyphOutline(font, glyph)
    .map((cmd: PathCommand) => {
      if (cmd.op === 'Z') return 'Z';
      if (cmd.op === 'Q') return `Q${map(cmd.cx, cmd.cy)} ${map(cmd.x, cmd.y)}`;
      return `${cmd.op}${map(cmd.x, cmd.y)}`;
    })
    .join('');
}

function arcText(font: TrueTypeFont, text: string, c: number, height: number, radius: number): string {
  const chars = [...text];
  const span = Math.min((Math.PI * 4) / 3, chars.length * 0.36);
  return chars
    .map((char, i) => {
      const angle = -span / 2 + (span * (i + 0.5)) / chars.length;
      return placedGlyph(font, char, height, c + radius * Math.sin(angle), c - radius * Math.cos(angle), angle);
    })
    .join('');
}

function lineText(font: TrueTypeFont, text: string, c: number, y: number, height: number): string {
  const chars = [...text];
  const pitch = height * 0.9;
  return chars.map((char, i) => placedGlyph(font, char, height, c + (i - (chars.length - 1) / 2) * pitch, y, 0)).join('');
}
