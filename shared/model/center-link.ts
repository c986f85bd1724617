import { z } from 'zod';
import { SubmissionStatusSchema } from '../center/protocol.ts';

/** What the unit learned and pinned when it enrolled with the resource center. */
export const CenterEnrolmentSchema = z.object({
  url: z.url(),
  unitId: z.string(),
  unitName: z.string(),
  /** SHA-256 of the unit certificate that signs requests. */
  unitCertificate: z.string().regex(/^[0-9a-f]{64}$/),
  /**
   * SHA-256 of the unit certificates enrolled before this one (renewed or replaced): what they signed, the
   * ledger's yearly archives among it, is still the unit's own.
   */
  formerUnitCertificates: z.array(z.string().regex(/^[0-9a-f]{64}$/)).optional(),
  /** Base64 DER; responses are accepted only with this signing certificate. */
  signingCertificate: z.string(),
  encryptionCertificate: z.string(),
  caCertificates: z.array(z.string()),
  enrolledAt: z.iso.datetime(),
});
export type CenterEnrolment = z.infer<typeof CenterEnrolmentSchema>;

/** SHA-256 of every unit certificate this unit has enrolled, the current one first (none when not enrolled). */
export function unitCertificatesOf(enrolment: CenterEnrolment | null): string[] {
  return enrolment === null ? [] : [enrolment.unitCertificate, ...(enrolment.formerUnitCertificates ?? [])];
}

export const CenterStatusSchema = z.object({ status: SubmissionStatusSchema, reason: z.string().nullable(), at: z.iso.datetime() });
export type CenterStatus = z.infer<typeof CenterStatusSchema>;
