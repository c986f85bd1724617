import { PT_PER_MM } from '../../../shared/model/seal.ts';
import type { PageInfo } from '../pdf/index.ts';

export { PT_PER_MM };

/** Where a seal goes: its centre, in mm from the visible page's top-left corner, and its width. */
export interface Placement {
  page: number | 'last';
  xMm: number;
  yMm: number;
  widthMm?: number;
}

export type Rect = [number, number, number, number];

/** The widget rectangle in PDF user space for a seal of `widthMm` × `heightMm` centred at the placement. */
export function rectFor(page: PageInfo, placement: Placement, widthMm: number, heightMm: number): Rect {
  const [x1, , , y2] = page.box;
  const cx = x1 + placement.xMm * PT_PER_MM;
  const cy = y2 - placement.yMm * PT_PER_MM;
  const [w, h] = [widthMm * PT_PER_MM, heightMm * PT_PER_MM];
  return [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
}

/** 骑缝章: one vertical slice per page on the right edge, at the placement's height; slice i shows part i. */
export function crossPageRects(pages: readonly PageInfo[], yMm: number, widthMm: number, heightMm: number): Rect[] {
  const sliceWidth = (widthMm * PT_PER_MM) / pages.length;
  const h = heightMm * PT_PER_MM;
  return pages.map((page) => {
    const [, , x2, y2] = page.box;
    const cy = y2 - yMm * PT_PER_MM;
    return [x2 - sliceWidth, cy - h / 2, x2, cy + h / 2];
  });
}
