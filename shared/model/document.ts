import { z } from 'zod';

/** A PDF as the confirmation sheet names it before a signature: what it is called, how long, which bytes. */
export const DocumentFactsSchema = z.object({
  name: z.string(),
  size: z.number().int().min(0),
  pages: z.number().int().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type DocumentFacts = z.infer<typeof DocumentFactsSchema>;
