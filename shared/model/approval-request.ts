import { z } from 'zod';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** 送签发's note to the approver: what the ledger keeps in the request's 用途 column. */
export const ApprovalNoteSchema = z.string().trim().min(1).max(200);

/** What a request for approval put on record. */
export const ApprovalRequestedSchema = z.object({
  path: z.string(),
  name: z.string(),
  sha256: Sha256,
  approver: z.string(),
  time: z.iso.datetime({ offset: true }),
});
export type ApprovalRequested = z.infer<typeof ApprovalRequestedSchema>;

/**
 * One document on 首页 waiting for its approver: `waiting` as it was sent, `changed` since it was sent (its
 * bytes no longer give the requested SHA-256, so the approver would not approve what was asked), `missing`
 * from where it was. `approverHere`: the requested approver's certificate is on a USBKey of this computer.
 */
export const AwaitingApprovalSchema = z.object({
  /** The ledger line of the newest request for this file. */
  line: z.number().int().min(1),
  path: z.string(),
  name: z.string(),
  sha256: Sha256,
  approver: z.string(),
  /** The first request for these bytes: what "3 天前" counts from. */
  since: z.iso.datetime({ offset: true }),
  state: z.enum(['waiting', 'changed', 'missing']),
  approverHere: z.boolean(),
});
export type AwaitingApproval = z.infer<typeof AwaitingApprovalSchema>;
