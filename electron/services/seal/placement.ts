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

/** A widget: its rectangle in PDF user space, and its size and rotation as the reader sees the page. */
export interface WidgetBox {
  rect: Rect;
  widthPt: number;
  heightPt: number;
  /** The page's /Rotate; the appearance turns against it so the seal stands upright on screen and paper. */
  rotate: number;
}

/** The page as displayed (after /Rotate), in points. */
function visibleSize(page: PageInfo): { width: number; height: number } {
  const [x1, y1, x2, y2] = page.box;
  const [width, height] = [x2 - x1, y2 - y1];
  return page.rotate % 180 === 0 ? { width, height } : { width: height, height: width };
}

/** A point on the displayed page (points from its top-left, y down) in user space; /Rotate turns the page clockwise. */
function toUserSpace(page: PageInfo, vx: number, vy: number): [number, number] {
  const [x1, y1, x2, y2] = page.box;
  if (page.rotate === 90) return [x1 + vy, y1 + vx];
  if (page.rotate === 180) return [x2 - vx, y1 + vy];
  if (page.rotate === 270) return [x2 - vy, y2 - vx];
  return [x1 + vx, y2 - vy];
}

function widgetBox(page: PageInfo, left: number, top: number, widthPt: number, heightPt: number): WidgetBox {
  const [ax, ay] = toUserSpace(page, left, top);
  const [bx, by] = toUserSpace(page, left + widthPt, top + heightPt);
  return { rect: [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)], widthPt, heightPt, rotate: page.rotate };
}

/** A seal of `widthMm` × `heightMm` centred at the placement, measured on the page as displayed. */
export function boxFor(page: PageInfo, placement: Placement, widthMm: number, heightMm: number): WidgetBox {
  const [w, h] = [widthMm * PT_PER_MM, heightMm * PT_PER_MM];
  return widgetBox(page, placement.xMm * PT_PER_MM - w / 2, placement.yMm * PT_PER_MM - h / 2, w, h);
}

/** 骑缝章: one vertical slice per page on the displayed right edge, at the placement's height; slice i shows part i. */
export function crossPageBoxes(pages: readonly PageInfo[], yMm: number, widthMm: number, heightMm: number): WidgetBox[] {
  const sliceWidth = (widthMm * PT_PER_MM) / pages.length;
  const h = heightMm * PT_PER_MM;
  return pages.map((page) => widgetBox(page, visibleSize(page).width - sliceWidth, yMm * PT_PER_MM - h / 2, sliceWidth, h));
}
