import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { PT_PER_MM } from '../../../../shared/model/seal.ts';
import { useT } from '../../i18n.tsx';
import type { PageGeometry } from '../../pdf/PdfPage.tsx';
import type { ImpressionView } from './useImpression.ts';

export interface SealSpot {
  xMm: number;
  yMm: number;
  widthMm: number;
}

interface Props {
  geometry: PageGeometry;
  image: ImpressionView;
  spot: SealSpot;
  /** 骑缝章: this page shows slice `index` of `count`, against the right edge. */
  slice?: { index: number; count: number };
  onMove?: (xMm: number, yMm: number) => void;
  snap?: boolean;
}

/** Seal edges within this distance of the margin line snap onto it. */
const SNAP_DISTANCE_MM = 3;
/** The margin official documents keep from the page edges (GB/T 9704 places seals inside it). */
export const SNAP_MARGIN_MM = 20;

function snapAxis(centre: number, size: number, pageSize: number): number {
  const candidates = [SNAP_MARGIN_MM + size / 2, pageSize - SNAP_MARGIN_MM - size / 2, pageSize / 2];
  const near = candidates.find((c) => Math.abs(c - centre) <= SNAP_DISTANCE_MM);
  return near ?? centre;
}

const roundHalf = (mm: number): number => Math.round(mm * 2) / 2;

/** Arrow keys move the seal 1 mm, with Shift 10 mm: the steps a custodian measures a page in. */
const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
const SHIFT_STEP_MM = 10;

/** The impression drawn where it will be printed, at its printed size; dragging it or arrow keys move the placement (mm). */
export function SealOverlay({ geometry, image, spot, slice, onMove, snap = false }: Props) {
  const { t } = useT();
  const pxPerMm = geometry.scale * PT_PER_MM;
  const [widthMm, heightMm] = [spot.widthMm, (spot.widthMm * image.heightMm) / image.widthMm];
  const pageMm = { width: geometry.widthPt / PT_PER_MM, height: geometry.heightPt / PT_PER_MM };
  const drag = useRef<{ x: number; y: number; xMm: number; yMm: number } | null>(null);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    if (onMove === undefined) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY, xMm: spot.xMm, yMm: spot.yMm };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    const start = drag.current;
    if (start === null || onMove === undefined) return;
    let xMm = start.xMm + (event.clientX - start.x) / pxPerMm;
    let yMm = start.yMm + (event.clientY - start.y) / pxPerMm;
    if (snap) [xMm, yMm] = [snapAxis(xMm, widthMm, pageMm.width), snapAxis(yMm, heightMm, pageMm.height)];
    onMove(...clamp(roundHalf(xMm), roundHalf(yMm)));
  };
  const clamp = (xMm: number, yMm: number): [number, number] => [
    Math.min(Math.max(xMm, 0), pageMm.width),
    Math.min(Math.max(yMm, 0), pageMm.height),
  ];
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const direction = ARROWS[event.key];
    if (direction === undefined || onMove === undefined) return;
    event.preventDefault();
    const step = event.shiftKey ? SHIFT_STEP_MM : 1;
    onMove(...clamp(spot.xMm + direction[0] * step, spot.yMm + direction[1] * step));
  };
  const onPointerUp = (): void => {
    drag.current = null;
  };

  const sliceWidthMm = slice ? widthMm / slice.count : widthMm;
  const left = slice ? pageMm.width - sliceWidthMm : spot.xMm - widthMm / 2;
  return (
    <div
      className={onMove ? 'seal-overlay movable' : 'seal-overlay'}
      data-testid="seal-overlay"
      style={{
        left: `${left * pxPerMm}px`,
        top: `${(spot.yMm - heightMm / 2) * pxPerMm}px`,
        width: `${sliceWidthMm * pxPerMm}px`,
        height: `${heightMm * pxPerMm}px`,
      }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      {...(onMove ? { tabIndex: 0, role: 'group', 'aria-label': t('seals.moveByKeys'), onKeyDown } : {})}
    >
      <img
        alt=""
        draggable={false}
        src={image.src}
        style={{
          width: `${widthMm * pxPerMm}px`,
          height: `${heightMm * pxPerMm}px`,
          marginLeft: slice ? `${-slice.index * sliceWidthMm * pxPerMm}px` : '0',
        }}
      />
    </div>
  );
}
