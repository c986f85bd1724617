import { z } from 'zod';
import { AnchorRecordSchema, ChainPointSchema } from '../center/anchor.ts';

/**
 * A closed year's archive of the ledger (归档): `intact`, `missing` (the file is gone), `damaged`
 * (its bytes no longer match the signature over them, or the signature is gone), or `foreign-signer`
 * (the signature holds but was made with a certificate other than the unit's: the archive was re-signed).
 */
export const AuditArchiveSchema = z.object({
  year: z.number().int(),
  file: z.string(),
  /** Its records' numbers in the whole chain, from 1. */
  first: z.number().int().min(1),
  records: z.number().int().min(1),
  state: z.enum(['intact', 'missing', 'damaged', 'foreign-signer']),
});
export type AuditArchive = z.infer<typeof AuditArchiveSchema>;

/** An anchor the center did not confirm at the last sync: why (`diverged`, `behind`, or an error code) and which head. */
export const AnchorRefusalSchema = z.object({ at: z.string(), head: ChainPointSchema, reason: z.string() });
export type AnchorRefusal = z.infer<typeof AnchorRefusalSchema>;

/** What this device keeps of the anchoring: the center's last confirmation, and a refusal since. */
export const AnchorStateSchema = z.object({ confirmed: AnchorRecordSchema.nullable(), refused: AnchorRefusalSchema.nullable() });
export type AnchorState = z.infer<typeof AnchorStateSchema>;

/** A record dated before the one before it: the clock was set back (shown, never a break of the chain). */
export const ClockStepSchema = z.object({ line: z.number().int().min(1), time: z.string(), previous: z.string() });
export type ClockStep = z.infer<typeof ClockStepSchema>;

export const AuditIntegritySchema = z.object({
  archives: z.array(AuditArchiveSchema),
  /** The anchor the chain was checked against: fetched from the center, or the one stored at the last sync. */
  anchor: AnchorStateSchema.extend({ source: z.enum(['center', 'stored']) }),
  clockBackwards: z.array(ClockStepSchema),
});
export type AuditIntegrity = z.infer<typeof AuditIntegritySchema>;
