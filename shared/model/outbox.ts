import { z } from 'zod';
import { WireErrorSchema } from '../error-schema.ts';
import { SubmissionKindSchema } from '../center/protocol.ts';
import { CenterStatusSchema } from './center-link.ts';

/** One encrypted part of a submission, ready for (or already through) the resumable upload. */
export const OutboxPartSchema = z.object({
  name: z.string(),
  /** The AuthEnvelopedData file in the spool. */
  envelope: z.string(),
  size: z.number().int().min(0),
  sha256: z.string(),
  /** The tus upload URL once created, so an interrupted upload resumes instead of starting over. */
  uploadUrl: z.string().nullable(),
  uploaded: z.boolean(),
});
export type OutboxPart = z.infer<typeof OutboxPartSchema>;

/** A submission waiting for, or already taken by, the resource center. */
export const OutboxItemSchema = z.object({
  /** Also the submission id the center treats as idempotent. */
  id: z.string(),
  kind: SubmissionKindSchema,
  /** A leaked-key report: sent before everything else. */
  urgent: z.boolean().default(false),
  title: z.string(),
  /** The draft for an application; the file or package folder for one queued from the CLI. */
  source: z.string(),
  /** pending: 待发送; sent: the center took it (its status follows in `center`); rejected: refused for good. */
  state: z.enum(['pending', 'sent', 'rejected']),
  queuedAt: z.string(),
  /** Filled when the parts are encrypted to the center, which needs its certificate (after enrolment). */
  parts: z.array(OutboxPartSchema).default([]),
  attempts: z.number().int().min(0).default(0),
  nextAttemptAt: z.string().nullable().default(null),
  lastError: WireErrorSchema.nullable().default(null),
  sentAt: z.string().nullable().default(null),
  center: CenterStatusSchema.nullable().default(null),
});
export type OutboxItem = z.infer<typeof OutboxItemSchema>;
