import { z } from 'zod';

/**
 * What is damaged in a PDF that could still be read the way other readers read it: named in the offer
 * to repair it and in 验章, so the user learns what is wrong rather than only that something is.
 */
export const PdfDamageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('xref-outside-file'), offset: z.number(), size: z.number().int() }),
  z.object({ kind: z.literal('length-past-end'), object: z.number().int(), length: z.number() }),
  z.object({ kind: z.literal('object-misplaced'), object: z.number().int() }),
  z.object({ kind: z.literal('reference-cycle'), object: z.number().int() }),
  z.object({ kind: z.literal('page-tree-cycle'), object: z.number().int() }),
  z.object({ kind: z.literal('xref-unusable') }),
]);
export type PdfDamage = z.infer<typeof PdfDamageSchema>;

/** The damage as the parameters of an error: `damage` names the kind, shown through `pdf.damage.<kind>`. */
export function damageParams(damage: PdfDamage | undefined): Record<string, string | number> {
  if (damage === undefined) return {};
  const { kind, ...details } = damage;
  return { damage: kind, ...details };
}
