import { APPROVAL_BOX_MM, centredRect, crossPageGroups, type DocumentLayout, type PlacedBox } from '../../../../shared/model/seal.ts';
import type { SealSpot } from './SealOverlay.tsx';

/** What the user is about to sign, as the form describes it. */
export interface SigningPlan {
  action: 'approve' | 'seal';
  page: number | 'last';
  spot: SealSpot;
  /** The impression's height for the spot's width. */
  sealHeightMm: number;
  crossPage: boolean;
  /** Signing into an empty field adds no box of its own. */
  field: string | null;
}

/** The boxes the plan will put on this document's pages, as the service will place them. */
export function plannedBoxes(layout: DocumentLayout, plan: SigningPlan): PlacedBox[] {
  if (plan.field !== null) return [];
  const count = layout.pages.length;
  const page = plan.page === 'last' ? count : Math.min(plan.page, count);
  const { xMm, yMm, widthMm } = plan.spot;
  if (plan.action === 'approve') return [{ page, rect: centredRect(xMm, yMm, APPROVAL_BOX_MM.width, APPROVAL_BOX_MM.height) }];
  if (!plan.crossPage) return [{ page, rect: centredRect(xMm, yMm, widthMm, plan.sealHeightMm) }];
  return layout.pages.map((size, index) => {
    const sliceMm = widthMm / crossPageSlice(index, count, widthMm).count;
    return { page: index + 1, rect: centredRect(size.widthMm - sliceMm / 2, yMm, sliceMm, plan.sealHeightMm) };
  });
}

/** 骑缝章: which slice of its group's impression page `index` shows, and how many slices the group has. */
export function crossPageSlice(index: number, pageCount: number, widthMm: number): { index: number; count: number } {
  const group = crossPageGroups(pageCount, widthMm).find(({ start, size }) => index >= start && index < start + size);
  return { index: index - (group?.start ?? 0), count: group?.size ?? pageCount };
}
