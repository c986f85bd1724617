import { z } from 'zod';

/** A submission waiting for the resource center. */
export const OutboxItemSchema = z.object({
  /** Also the submission id the center treats as idempotent. */
  id: z.string(),
  kind: z.enum(['application']),
  title: z.string(),
  /** The draft, for an application. */
  source: z.string(),
  /** 待提交 until the link to the center takes it. */
  state: z.enum(['pending']),
  queuedAt: z.string(),
});
export type OutboxItem = z.infer<typeof OutboxItemSchema>;
