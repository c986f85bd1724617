import { z } from 'zod';
import { SubmissionStatusSchema } from '../center/protocol.ts';

/** What the unit learned and pinned when it enrolled with the resource center. */
export const CenterEnrolmentSchema = z.object({
  url: z.url(),
  unitId: z.string(),
  unitName: z.string(),
  /** SHA-256 of the unit certificate that signs requests. */
  unitCertificate: z.string().regex(/^[0-9a-f]{64}$/),
  /** Base64 DER; responses are accepted only with this signing certificate. */
  signingCertificate: z.string(),
  encryptionCertificate: z.string(),
  caCertificates: z.array(z.string()),
  enrolledAt: z.iso.datetime(),
});
export type CenterEnrolment = z.infer<typeof CenterEnrolmentSchema>;

export const CenterStatusSchema = z.object({ status: SubmissionStatusSchema, reason: z.string().nullable(), at: z.iso.datetime() });
export type CenterStatus = z.infer<typeof CenterStatusSchema>;
