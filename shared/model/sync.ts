import { z } from 'zod';
import { NoticeSchema, SubmissionStatusSchema } from '../center/protocol.ts';
import { WireErrorSchema } from '../error-schema.ts';
import { OutboxItemSchema } from './outbox.ts';

/** An outbox item as the 同步 page shows it: no spool paths, one total size. */
export const OutboxEntrySchema = OutboxItemSchema.pick({
  id: true,
  kind: true,
  title: true,
  period: true,
  state: true,
  queuedAt: true,
  attempts: true,
  nextAttemptAt: true,
  lastError: true,
  sentAt: true,
  center: true,
}).extend({ size: z.number().int().min(0) });
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

/** What sync needs before it can run, in the order the user has to provide it. */
export const SyncBlockerSchema = z.enum(['vault-locked', 'center-not-configured', 'not-enrolled', 'token-not-logged-in']);
export type SyncBlocker = z.infer<typeof SyncBlockerSchema>;

export const SyncStatusSchema = z.object({
  centerUrl: z.string().nullable(),
  enrolment: z.object({ unitName: z.string(), url: z.string(), enrolledAt: z.string() }).nullable(),
  /** Demo mode only: the local center's one-time code, offered in the enrolment form. */
  demoEnrolmentCode: z.string().nullable(),
  blocker: SyncBlockerSchema.nullable(),
  running: z.boolean(),
  lastSuccessAt: z.string().nullable(),
  lastError: WireErrorSchema.nullable(),
  items: z.array(OutboxEntrySchema),
  /** The center's notices (调整通知), newest first, as of the last sync. */
  notices: z.array(NoticeSchema),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

/** A status the center set on one of our submissions, as notified to the user. */
export const SyncNoticeSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: SubmissionStatusSchema,
  reason: z.string().nullable(),
});
export type SyncNotice = z.infer<typeof SyncNoticeSchema>;
