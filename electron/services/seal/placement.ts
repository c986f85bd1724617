import { AppError } from '../../../shared/errors.ts';
import { crossPageGroups, PT_PER_MM, type PageRect } from '../../../shared/model/seal.ts';
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

/** The page as displayed (after /Rotate), in user-space units: points unless the page sets /UserUnit. */
function visibleSize(page: PageInfo): { width: number; height: number } {
  const [x1, y1, x2, y2] = page.box;
  const [width, height] = [x2 - x1, y2 - y1];
  return page.rotate % 180 === 0 ? { width, height } : { width: height, height: width };
}

/** User-space units per mm on this page: a page with /UserUnit 2 draws each unit 2 pt long, as Acrobat and mutool show it. */
export function unitsPerMm(page: PageInfo): number {
  return PT_PER_MM / page.userUnit;
}

/** The page as displayed (after /Rotate and /UserUnit), in mm. */
export function visibleSizeMm(page: PageInfo): { widthMm: number; heightMm: number } {
  const { width, height } = visibleSize(page);
  return { widthMm: width / unitsPerMm(page), heightMm: height / unitsPerMm(page) };
}

/** A point on the displayed page (points from its top-left, y down) in user space; /Rotate turns the page clockwise. */
function toUserSpace(page: PageInfo, vx: number, vy: number): [number, number] {
  const [x1, y1, x2, y2] = page.box;
  if (page.rotate === 90) return [x1 + vy, y1 + vx];
  if (page.rotate === 180) return [x2 - vx, y1 + vy];
  if (page.rotate === 270) return [x2 - vy, y2 - vx];
  return [x1 + vx, y2 - vy];
}

/** A point in user space on the displayed page (points from its top-left, y down): toUserSpace undone. */
function toDisplayed(page: PageInfo, ux: number, uy: number): [number, number] {
  const [x1, y1, x2, y2] = page.box;
  if (page.rotate === 90) return [uy - y1, ux - x1];
  if (page.rotate === 180) return [x2 - ux, uy - y1];
  if (page.rotate === 270) return [y2 - uy, x2 - ux];
  return [ux - x1, y2 - uy];
}

/** A widget's /Rect as the reader sees it on the displayed page, in mm from its top-left corner. */
export function displayedRect(page: PageInfo, rect: Rect): PageRect {
  const [ax, ay] = toDisplayed(page, rect[0], rect[1]);
  const [bx, by] = toDisplayed(page, rect[2], rect[3]);
  const [left, top] = [Math.min(ax, bx), Math.min(ay, by)];
  const unit = unitsPerMm(page);
  return { leftMm: left / unit, topMm: top / unit, widthMm: Math.abs(bx - ax) / unit, heightMm: Math.abs(by - ay) / unit };
}

/** An existing widget's /Rect with its size as displayed, for drawing an appearance into it. */
export function boxOfRect(page: PageInfo, rect: Rect): WidgetBox {
  const [width, height] = [rect[2] - rect[0], rect[3] - rect[1]];
  const upright = page.rotate % 180 === 0;
  return { rect, widthPt: upright ? width : height, heightPt: upright ? height : width, rotate: page.rotate };
}

function widgetBox(page: PageInfo, left: number, top: number, widthPt: number, heightPt: number): WidgetBox {
  const [ax, ay] = toUserSpace(page, left, top);
  const [bx, by] = toUserSpace(page, left + widthPt, top + heightPt);
  return { rect: [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)], widthPt, heightPt, rotate: page.rotate };
}

/**
 * Refuses a box of `widthMm` × `heightMm` centred at (`xMm`, `yMm`) that is not wholly on the page as
 * displayed: a seal drawn off the page is a seal nobody sees. The error gives the page's size and the
 * range its centre may take, in mm.
 */
function assertOnPage(page: PageInfo, xMm: number, yMm: number, widthMm: number, heightMm: number): void {
  const { widthMm: pageWidth, heightMm: pageHeight } = visibleSizeMm(page);
  const [xMin, xMax, yMin, yMax] = [widthMm / 2, pageWidth - widthMm / 2, heightMm / 2, pageHeight - heightMm / 2];
  const inside = (value: number, min: number, max: number): boolean => value >= min - ROUNDING_MM && value <= max + ROUNDING_MM;
  if (inside(xMm, xMin, xMax) && inside(yMm, yMin, yMax)) return;
  const mm = (value: number): number => Math.round(value * 10) / 10;
  if (xMin > xMax || yMin > yMax) {
    const size = { page: page.index + 1, width: mm(pageWidth), height: mm(pageHeight) };
    throw new AppError('SEAL_LARGER_THAN_PAGE', { ...size, sealWidth: mm(widthMm), sealHeight: mm(heightMm) });
  }
  throw new AppError('PLACEMENT_OUTSIDE_PAGE', {
    page: page.index + 1,
    width: mm(pageWidth),
    height: mm(pageHeight),
    xMin: mm(xMin),
    xMax: mm(xMax),
    yMin: mm(yMin),
    yMax: mm(yMax),
  });
}

/** What a position typed to one decimal may be off by. */
const ROUNDING_MM = 0.05;

/** A seal of `widthMm` × `heightMm` centred at the placement, measured on the page as displayed, which it must not leave. */
export function boxFor(page: PageInfo, placement: Placement, widthMm: number, heightMm: number): WidgetBox {
  assertOnPage(page, placement.xMm, placement.yMm, widthMm, heightMm);
  const unit = unitsPerMm(page);
  const [w, h] = [widthMm * unit, heightMm * unit];
  return widgetBox(page, placement.xMm * unit - w / 2, placement.yMm * unit - h / 2, w, h);
}

/** A slice of a 骑缝章: its page's box, and which part of the full impression it shows. */
export interface CrossPageSlice {
  box: WidgetBox;
  /** Where the slice starts within its impression, as a fraction of the impression's width. */
  offsetFraction: number;
  /** The whole impression's width in the page's user-space units. */
  fullWidthPt: number;
}

/**
 * 骑缝章: one vertical slice per page on the displayed right edge, at the placement's height. More pages
 * than slices of 3 mm fit in one impression are split into consecutive groups of near-equal size (crossPageGroups),
 * each showing a full impression of its own.
 */
export function crossPageSlices(pages: readonly PageInfo[], yMm: number, widthMm: number, heightMm: number): CrossPageSlice[] {
  if (pages.length < 2) throw new AppError('CROSS_PAGE_TOO_FEW_PAGES', { pages: pages.length });
  return crossPageGroups(pages.length, widthMm).flatMap(({ start, size }) =>
    pages.slice(start, start + size).map((page, i) => {
      const [sliceMm, unit] = [widthMm / size, unitsPerMm(page)];
      const rightEdgeMm = visibleSizeMm(page).widthMm;
      assertOnPage(page, rightEdgeMm - sliceMm / 2, yMm, sliceMm, heightMm);
      const h = heightMm * unit;
      const box = widgetBox(page, (rightEdgeMm - sliceMm) * unit, yMm * unit - h / 2, sliceMm * unit, h);
      return { box, offsetFraction: i / size, fullWidthPt: widthMm * unit };
    }),
  );
}
