import { z } from 'zod';
import { WireErrorSchema } from '../error-schema.ts';
import { FieldErrorSchema } from '../forms/errors.ts';
import { CenterStatusSchema } from './center-link.ts';

/** An application as the 申请 list shows it. */
export const ApplicationSummarySchema = z.object({
  id: z.string(),
  formId: z.string(),
  formTitle: z.string(),
  /** 草稿 (editable) or 已签名 (read-only; 待提交 while it waits in the outbox). */
  state: z.enum(['draft', 'signed']),
  /** Signed and waiting in the outbox to be sent. */
  queued: z.boolean(),
  /** What the resource center last said about this application's latest submission (退回 comes with its reason). */
  center: CenterStatusSchema.nullable(),
  /**
   * 被拒绝: the center refused the latest submission for good, with its reason and detail; a draft
   * reopened from it keeps the refusal until it is signed again.
   */
  refusal: WireErrorSchema.nullable(),
  edition: z.number().int(),
  applicant: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ApplicationSummary = z.infer<typeof ApplicationSummarySchema>;

export const AttachedFileSchema = z.object({ name: z.string(), mediaType: z.string(), size: z.number().int(), sha256: z.string() });
export type AttachedFile = z.infer<typeof AttachedFileSchema>;

export const ApplicationSchema = ApplicationSummarySchema.extend({
  formVersion: z.number().int(),
  data: z.record(z.string(), z.unknown()),
  attachments: z.record(z.string(), AttachedFileSchema),
  /** Answers from an older form version that the current one does not ask for. */
  legacy: z.record(z.string(), z.unknown()),
  /** Set when the draft was made with an older form version and carried over on opening. */
  migratedFrom: z.number().int().nullable(),
  signature: z.object({ signer: z.string(), signedAt: z.string(), sha256: z.string() }).nullable(),
  errors: z.array(FieldErrorSchema),
});
export type Application = z.infer<typeof ApplicationSchema>;
