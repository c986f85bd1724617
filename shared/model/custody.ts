import { z } from 'zod';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const CUSTODY_FORMAT = 'sealdesk-custody/1';

/** A person in a handover: the holder of a personal certificate, and the USBKey it is on. */
export const CustodyPartySchema = z
  .object({
    name: z.string().min(1),
    subject: z.string(),
    fingerprintSha256: Sha256,
    token: z.object({ serial: z.string(), label: z.string() }).strict(),
  })
  .strict();
export type CustodyParty = z.infer<typeof CustodyPartySchema>;

/** A seal handed over: its name, its object on the USBKey and its certificate's serial number. */
export const HandedSealSchema = z
  .object({ name: z.string(), label: z.string(), certificateSerial: z.string(), fingerprintSha256: Sha256 })
  .strict();
export type HandedSeal = z.infer<typeof HandedSealSchema>;

/**
 * 代管: what the custodian, the stand-in and the approving office head each sign; it is also the
 * handover record (交接单): the seals, the USBKey and its serial, the pending work and the time.
 */
export const DelegationSchema = z
  .object({
    format: z.literal(CUSTODY_FORMAT),
    id: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/),
    custodian: CustodyPartySchema,
    standIn: CustodyPartySchema,
    approver: CustodyPartySchema,
    /** The USBKey that holds the seals, handed to the stand-in. */
    token: z.object({ serial: z.string(), label: z.string() }).strict(),
    seals: z.array(HandedSealSchema).min(1),
    from: z.iso.datetime({ offset: true }),
    until: z.iso.datetime({ offset: true }),
    reason: z.string().trim().min(1).max(200),
    pendingWork: z.string().max(2000),
    handedOverAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type Delegation = z.infer<typeof DelegationSchema>;

/** 收回: the custodian takes the seals back before the period ends; both sign it. */
export const CustodyReturnSchema = z
  .object({ format: z.literal(CUSTODY_FORMAT), delegation: DelegationSchema.shape.id, returnedAt: z.iso.datetime({ offset: true }) })
  .strict();
export type CustodyReturn = z.infer<typeof CustodyReturnSchema>;

/** scheduled: the period has not begun; active: the stand-in may seal; ended: the period is over; returned: taken back early. */
export const CustodyStateSchema = z.enum(['scheduled', 'active', 'ended', 'returned']);
export type CustodyState = z.infer<typeof CustodyStateSchema>;

export const CustodyEntrySchema = z.object({
  delegation: DelegationSchema,
  state: CustodyStateSchema,
  returnedAt: z.string().nullable(),
  /** The printed 交接单, and the return record once there is one. */
  handoverPdf: z.string(),
  returnPdf: z.string().nullable(),
});
export type CustodyEntry = z.infer<typeof CustodyEntrySchema>;

/** Every delegation on record, newest first; a folder that does not parse is named, never skipped silently. */
export const CustodyStatusSchema = z.object({ entries: z.array(CustodyEntrySchema), unreadable: z.array(z.string()) });
export type CustodyStatus = z.infer<typeof CustodyStatusSchema>;

export function custodyState(delegation: Delegation, returnedAt: string | null, now: Date): CustodyState {
  if (returnedAt !== null) return 'returned';
  if (now.getTime() < Date.parse(delegation.from)) return 'scheduled';
  return now.getTime() <= Date.parse(delegation.until) ? 'active' : 'ended';
}
