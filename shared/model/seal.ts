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
