import { z } from 'zod';
import { SkippedCertificateSchema } from './verification.ts';

/** One root every trust decision starts from, and where it was found: its source and its place there (1 = first certificate). */
export const TrustRootSchema = z.object({
  source: z.string(),
  position: z.number().int().min(1),
  subject: z.string(),
  fingerprint: z.string(),
});
export type TrustRoot = z.infer<typeof TrustRootSchema>;

/** A would-be root left out: text with no PEM certificate in it, or a certificate block that does not parse. */
export const SkippedRootSchema = SkippedCertificateSchema.extend({
  position: z.number().int().min(1),
  reason: z.enum(['not-pem', 'unreadable']),
});
export type SkippedRoot = z.infer<typeof SkippedRootSchema>;

export const TrustRootsSchema = z.object({ roots: z.array(TrustRootSchema), skipped: z.array(SkippedRootSchema) });
export type TrustRoots = z.infer<typeof TrustRootsSchema>;
