import { z } from 'zod';
import { TokenCertificateSchema } from './certificate.ts';

export const ImpressionMetaSchema = z.object({
  format: z.enum(['svg', 'png']),
  widthMm: z.number().positive(),
  heightMm: z.number().positive(),
});

/** A seal: a seal certificate with its key on a token, and the impression (印模) bound to it. */
export const SealInfoSchema = z.object({
  tokenSerial: z.string(),
  tokenLabel: z.string(),
  certificate: TokenCertificateSchema,
  impression: ImpressionMetaSchema.nullable(),
});
export type SealInfo = z.infer<typeof SealInfoSchema>;

/** PDF points (1/72 in) per millimetre: placements are in mm, PDF user space in points. */
export const PT_PER_MM = 72 / 25.4;

/** Where a seal goes: its centre in mm from the page's top-left corner, and its width. */
export const PlacementSchema = z.object({
  page: z.union([z.number().int().min(1), z.literal('last')]),
  xMm: z.number().min(0).max(2000),
  yMm: z.number().min(0).max(2000),
  widthMm: z.number().min(5).max(200).optional(),
});

/** A rectangle on a page as displayed (CropBox, /Rotate applied): mm from the page's top-left corner. */
export const PageRectSchema = z.object({ leftMm: z.number(), topMm: z.number(), widthMm: z.number(), heightMm: z.number() });
export type PageRect = z.infer<typeof PageRectSchema>;

/** A signature's visible box already on a page, or an empty signature field waiting for one. */
export const PageWidgetSchema = z.object({
  /** 1-based. */
  page: z.number().int().min(1),
  rect: PageRectSchema,
  fieldName: z.string(),
  /** Who signed and why (签发, 盖章, …) as the signature records it; null for an empty field. */
  signer: z.object({ name: z.string(), reason: z.string() }).nullable(),
});
export type PageWidget = z.infer<typeof PageWidgetSchema>;

/** What is already placed on a document's pages, and each page's size as displayed, for the placement preview. */
export const DocumentLayoutSchema = z.object({
  pages: z.array(z.object({ widthMm: z.number(), heightMm: z.number() })).min(1),
  widgets: z.array(PageWidgetSchema),
});
export type DocumentLayout = z.infer<typeof DocumentLayoutSchema>;

/** The visible box of a new approval (签发) signature. */
export const APPROVAL_BOX_MM = { width: 60, height: 18 } as const;

/** A new box about to be placed: its page (1-based) and rectangle. */
export interface PlacedBox {
  page: number;
  rect: PageRect;
}

/** The signatures already on the pages that the new boxes would cover (empty fields are no signature to hide). */
export function coveredSignatures(layout: Pick<DocumentLayout, 'widgets'>, placed: readonly PlacedBox[]): PageWidget[] {
  return layout.widgets.filter((w) => w.signer !== null && placed.some((box) => box.page === w.page && rectsOverlap(w.rect, box.rect)));
}

/** The narrowest slice of a 骑缝章 that still shows a recognisable part of the impression. */
const MIN_SLICE_MM = 3;

/**
 * 骑缝章 groups: consecutive pages covering `pageCount`, as few as keep every slice at least MIN_SLICE_MM
 * wide; each group shows a full impression of its own, cut into `size` slices.
 */
export function crossPageGroups(pageCount: number, widthMm: number): { start: number; size: number }[] {
  const perGroup = Math.max(2, Math.floor(widthMm / MIN_SLICE_MM));
  const groups = Math.ceil(pageCount / perGroup);
  return Array.from({ length: groups }, (_, g) => {
    const start = Math.round((g * pageCount) / groups);
    return { start, size: Math.round(((g + 1) * pageCount) / groups) - start };
  });
}

/** A box of `widthMm` × `heightMm` centred at (`xMm`, `yMm`). */
export function centredRect(xMm: number, yMm: number, widthMm: number, heightMm: number): PageRect {
  return { leftMm: xMm - widthMm / 2, topMm: yMm - heightMm / 2, widthMm, heightMm };
}

/** Boxes that share some area; boxes that only touch along an edge do not cover each other. */
export function rectsOverlap(a: PageRect, b: PageRect): boolean {
  const across = Math.min(a.leftMm + a.widthMm, b.leftMm + b.widthMm) - Math.max(a.leftMm, b.leftMm);
  const down = Math.min(a.topMm + a.heightMm, b.topMm + b.heightMm) - Math.max(a.topMm, b.topMm);
  return across > OVERLAP_TOLERANCE_MM && down > OVERLAP_TOLERANCE_MM;
}

/** Less than a placement typed to one decimal can express. */
const OVERLAP_TOLERANCE_MM = 0.05;
