import { z } from 'zod';
import { PathFailureSchema, TrustStatusSchema } from './verification.ts';

/** Reminder thresholds in days before expiry; 0 stands for "expired". Each is announced once per certificate. */
export const EXPIRY_THRESHOLDS = [0, 1, 7, 14, 30] as const;

export const CertificateStatusSchema = z.object({
  fingerprint: z.string(),
  label: z.string(),
  validity: z.enum(['valid', 'expiring', 'expired', 'not-yet-valid']),
  /** Whole days until expiry (negative once expired). */
  daysLeft: z.number().int(),
  /** The tightest reminder threshold reached (30/14/7/1, 0 once expired); null while none is. */
  threshold: z.number().int().nullable(),
  trust: TrustStatusSchema,
  failure: PathFailureSchema.nullable(),
  /** SealDesk signs nothing with it: a leaked key was reported, or the center revoked it. */
  blocked: z.boolean(),
  /**
   * From the center's CRL or OCSP answer kept on this computer: what it said, which one said it and how
   * old it is, so offline answers show their age.
   */
  revocation: z.object({
    status: z.enum(['good', 'revoked', 'unknown']),
    revokedAt: z.string().nullable(),
    checkedAt: z.string().nullable(),
    source: z.enum(['crl', 'ocsp']).nullable(),
    /** The kept answer is past its next update: it may be out of date. */
    stale: z.boolean(),
  }),
});
export type CertificateStatus = z.infer<typeof CertificateStatusSchema>;

/** A 更新 or 撤销 request sent to the center, as the 证书 page shows it. */
export const CertificateRequestViewSchema = z.object({
  id: z.string(),
  type: z.enum(['renewal', 'revocation']),
  serial: z.string(),
  /** The certificate being renewed or revoked. */
  fingerprint: z.string(),
  label: z.string(),
  state: z.enum(['waiting', 'installed', 'revoked', 'returned', 'cancelled']),
  /** The center's reason for a return. */
  detail: z.string().nullable(),
});
export type CertificateRequestView = z.infer<typeof CertificateRequestViewSchema>;

/**
 * 更新 of a certificate whose renewal is still waiting: keep that one (no new key pair), or cancel it
 * (its pair leaves the token) and start again. Without a choice the renewal is refused, RENEWAL_PENDING.
 */
export const PendingRenewalChoiceSchema = z.enum(['resume', 'cancel']);
export type PendingRenewalChoice = z.infer<typeof PendingRenewalChoiceSchema>;

export const ExpiryReminderSchema = z.object({
  serial: z.string(),
  label: z.string(),
  fingerprint: z.string(),
  daysLeft: z.number().int(),
  threshold: z.number().int(),
});
export type ExpiryReminder = z.infer<typeof ExpiryReminderSchema>;

const DAY_MS = 86_400_000;

export function daysLeft(notAfter: string, now: Date): number {
  return Math.floor((Date.parse(notAfter) - now.getTime()) / DAY_MS);
}

/** The tightest threshold `days` is within, or null when more than 30 days are left. */
export function expiryThreshold(days: number): number | null {
  if (days < 0) return 0;
  return EXPIRY_THRESHOLDS.find((threshold) => threshold > 0 && days <= threshold) ?? null;
}
