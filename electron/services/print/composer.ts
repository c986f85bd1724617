import type { TrueTypeFont } from '../fonts/index.ts';
import { formatNumber as f } from '../pdf/index.ts';
import { wrapText } from './wrap.ts';

const MM = 72 / 25.4;
export const A4 = { width: 210 * MM, height: 297 * MM };
/** Margins after GB/T 9704 proportions, a little narrower at the top so forms get more room. */
const MARGIN = { top: 30 * MM, bottom: 25 * MM, left: 25 * MM, right: 25 * MM };
export const CONTENT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
export const BODY_SIZE = 10.5;
const LINE = BODY_SIZE * 1.5;
const PAD = { x: 4, y: 3 };

export interface TextRun {
  x: number;
  y: number;
  size: number;
  text: string;
  bold?: boolean;
}

export interface Page {
  graphics: string[];
  text: TextRun[];
}

export interface Cell {
  width: number;
  text: string;
  fill?: boolean;
  bold?: boolean;
}

/** Lays text and table rows onto A4 pages top to bottom, starting a new page when a row does not fit. */
export class Composer {
  readonly pages: Page[] = [];
  #y = 0;

  constructor(private readonly font: TrueTypeFont) {
    this.#newPage();
  }

  measure(text: string, size: number): number {
    let units = 0;
    for (const ch of text) units += this.font.advance(this.font.glyphId(ch.codePointAt(0) ?? 0));
    return (units * size) / this.font.unitsPerEm;
  }

  get #page(): Page {
    return this.pages[this.pages.length - 1] as Page;
  }

  /** Where the next line goes: the page (from 1) and the distance from the page's top edge, in points. */
  get cursor(): { page: number; y: number } {
    return { page: this.pages.length, y: this.#y };
  }

  get remaining(): number {
    return A4.height - MARGIN.bottom - this.#y;
  }

  #newPage(): void {
    this.pages.push({ graphics: [], text: [] });
    this.#y = MARGIN.top;
  }

  space(height: number): void {
    if (height > this.remaining) this.#newPage();
    else this.#y += height;
  }

  /** A line of text across the content width, centred or from the left. */
  line(text: string, size: number, align: 'left' | 'center' | 'right' = 'left'): void {
    const height = size * 1.6;
    this.reserve(height);
    const width = this.measure(text, size);
    const offset = align === 'left' ? 0 : align === 'center' ? (CONTENT_WIDTH - width) / 2 : CONTENT_WIDTH - width;
    this.#page.text.push({ x: MARGIN.left + offset, y: this.#baseline(size), size, text });
    this.#y += height;
  }

  /** A table row; a row taller than what is left continues on the next page, never cut mid-line. */
  row(cells: readonly Cell[]): void {
    let pending = cells.map((cell) => wrapText(cell.text, cell.width - 2 * PAD.x, (t) => this.measure(t, BODY_SIZE)));
    for (;;) {
      const needed = Math.max(...pending.map((lines) => lines.length), 1);
      const fits = Math.floor((this.remaining - 2 * PAD.y) / LINE);
      if (fits < 1 || (fits < needed && needed * LINE + 2 * PAD.y <= A4.height - MARGIN.top - MARGIN.bottom)) {
        this.#newPage();
        continue;
      }
      const take = Math.min(needed, fits);
      this.#drawRow(
        cells,
        pending.map((lines) => lines.slice(0, take)),
        take,
      );
      pending = pending.map((lines) => lines.slice(take));
      if (pending.every((lines) => lines.length === 0)) return;
      this.#newPage();
    }
  }

  #drawRow(cells: readonly Cell[], lines: string[][], count: number): void {
    const height = count * LINE + 2 * PAD.y;
    const bottom = A4.height - this.#y - height;
    let x = MARGIN.left;
    cells.forEach((cell, i) => {
      if (cell.fill) this.#page.graphics.push(`0.92 g ${f(x)} ${f(bottom)} ${f(cell.width)} ${f(height)} re f 0 g`);
      this.#page.graphics.push(`${f(x)} ${f(bottom)} ${f(cell.width)} ${f(height)} re S`);
      (lines[i] ?? []).forEach((text, n) =>
        this.#page.text.push({
          x: x + PAD.x,
          y: A4.height - this.#y - PAD.y - n * LINE - (LINE + BODY_SIZE * 0.7) / 2,
          size: BODY_SIZE,
          text,
          ...(cell.bold ? { bold: true } : {}),
        }),
      );
      x += cell.width;
    });
    this.#y += height;
  }

  /** Starts a new page unless `rows` body rows fit, so a heading is never the last line of a page. */
  keepWithNext(rows: number): void {
    this.reserve(rows * (LINE + 2 * PAD.y));
  }

  /** Makes sure `height` is left on this page (a line, a seal area), starting a new page if not. */
  reserve(height: number): void {
    if (height > this.remaining) this.#newPage();
  }

  /** Text placed in the bottom margin of every page (page numbers), added once the page count is known. */
  footer(text: (page: number, total: number) => string, size: number): void {
    this.pages.forEach((page, index) => {
      const line = text(index + 1, this.pages.length);
      page.text.push({ x: (A4.width - this.measure(line, size)) / 2, y: MARGIN.bottom / 2, size, text: line });
    });
  }

  #baseline(size: number): number {
    return A4.height - this.#y - size * 1.15;
  }
}
