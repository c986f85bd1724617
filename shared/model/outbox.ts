import { z } from 'zod';
import { WireErrorSchema } from '../error-schema.ts';
import { SubmissionKindSchema } from '../center/protocol.ts';
import { ReportPeriodSchema } from './audit-report.ts';
import { CenterStatusSchema } from './center-link.ts';

/**
 * What fixes a part's envelope bytes (base64): kept in the outbox, which the vault encrypts at rest,
 * so an interrupted upload resumes with the same ciphertext without a copy of it on disk.
 */
export const PartSealingSchema = z.object({
  contentKey: z.string(),
  nonce: z.string(),
  head: z.string(),
  /** The plaintext's fingerprint: a changed source is sealed again, never sent under this key. */
  content: z.string(),
});
export type PartSealing = z.infer<typeof PartSealingSchema>;

/** One part of a submission, encrypted to the center as it is uploaded (resumable). */
export const OutboxPartSchema = z.object({
  name: z.string(),
  /** The envelope's size, known before it is written (GCM keeps the plaintext's length). */
  size: z.number().int().min(0),
  /** Until the part is uploaded; null after, and for a part sealed into a spool file by an earlier version (sealed again). */
  sealing: PartSealingSchema.nullable().default(null),
  /**
   * The envelope's digest as the submission names it (SubmissionPart.blocksSha256), known once it was
   * sent whole. An upload an earlier version finished has none and is sent again.
   */
  blocksSha256: z.string().nullable().default(null),
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
  /** A usage report's period: 首页 reminds of a closed period until a report covering it is queued. */
  period: ReportPeriodSchema.nullable().default(null),
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
