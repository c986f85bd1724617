import { z } from 'zod';

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** 撤销/变更 reasons the regulations name; the center maps them to CRL reason codes. */
export const REVOCATION_REASONS = ['key-compromise', 'pin-lost', 'information-changed', 'holder-left'] as const;
export const RevocationReasonSchema = z.enum(REVOCATION_REASONS);
export type RevocationReason = z.infer<typeof RevocationReasonSchema>;

/**
 * request.json of a certificate-request submission, signed beside it in request.p7s. A renewal is
 * signed with the key of the certificate it replaces (proof of continuity); a revocation with any valid
 * certificate of the unit.
 */
export const CertificateRequestSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('renewal'),
      replaces: Sha256Hex,
      certificateKind: z.enum(['unit', 'personal', 'device', 'seal']),
      /** PKCS#10, DER, base64; signed by the new key generated on the token. */
      csr: z.base64().max(20_000),
    })
    .strict(),
  z.object({ type: z.literal('revocation'), certificate: Sha256Hex, reason: RevocationReasonSchema }).strict(),
]);
export type CertificateRequest = z.infer<typeof CertificateRequestSchema>;

export const CERTIFICATE_REQUEST_FILES = { request: 'request.json', signature: 'request.p7s' } as const;
