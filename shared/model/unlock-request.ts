import { z } from 'zod';

export const UNLOCK_REQUEST_FORMAT = 'sealdesk-unlock-request/1';

/** Why the holder asks for an SO-PIN reset: the token locked itself, or the PIN is gone before it did. */
export const UnlockReasonSchema = z.enum(['pin-locked', 'pin-forgotten']);
export type UnlockReason = z.infer<typeof UnlockReasonSchema>;

/**
 * The record a holder hands the unit's IT administrator: which USBKey, whose certificates are on it,
 * why and when; signed with a certificate of the unit on another USBKey (this one cannot sign).
 */
export const UnlockRequestSchema = z
  .object({
    format: z.literal(UNLOCK_REQUEST_FORMAT),
    token: z.object({
      serial: z.string().min(1).max(64),
      label: z.string().max(64),
      manufacturer: z.string().max(64),
      model: z.string().max(64),
    }),
    reason: UnlockReasonSchema,
    holders: z.array(z.object({ subject: z.string().max(1000), fingerprintSha256: z.string().regex(/^[0-9a-f]{64}$/) })).max(32),
    requestedAt: z.iso.datetime(),
  })
  .strict();
export type UnlockRequest = z.infer<typeof UnlockRequestSchema>;

/** The checked request and who signed it, as the IT administrator sees it before resetting the PIN. */
export interface CheckedUnlockRequest {
  request: UnlockRequest;
  signedBy: string;
}

/** Why an unlock request did not pass the check (UNLOCK_REQUEST_INVALID's `problem`). */
export const UnlockProblemSchema = z.enum(['signature', 'malformed', 'other-token', 'expired', 'signer', 'missing']);
export type UnlockProblem = z.infer<typeof UnlockProblemSchema>;

/** A request for this USBKey found on this computer (under unlock-requests/), as the SO-PIN form lists it. */
export const UnlockRequestEntrySchema = z.object({
  id: z.string(),
  /** Who signed it, once it passed the check. */
  signedBy: z.string().nullable(),
  requestedAt: z.string().nullable(),
  /** Why it did not pass, or null. */
  problem: UnlockProblemSchema.nullable(),
});
export type UnlockRequestEntry = z.infer<typeof UnlockRequestEntrySchema>;

const Base64 = z.base64().max(1_000_000);

/** The request an SO-PIN reset rests on: one listed on this computer, or the two files brought from elsewhere. */
export const UnlockRequestRefSchema = z.union([
  z.object({ id: z.string().regex(/^unlock-[\w.-]+$/) }).strict(),
  z.object({ json: Base64, p7s: Base64 }).strict(),
]);
export type UnlockRequestRef = z.infer<typeof UnlockRequestRefSchema>;
