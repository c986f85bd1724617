import { z } from 'zod';

/** Why a signed request or response was refused: machine-readable, the same on both sides of the link. */
export const SIGNATURE_REJECTIONS = [
  'signature-missing',
  'signature-malformed',
  'components-missing',
  'signature-expired',
  'signature-not-yet-valid',
  'key-unknown',
  'signature-invalid',
  'digest-mismatch',
  'nonce-replayed',
] as const;
export const SignatureRejectionSchema = z.enum(SIGNATURE_REJECTIONS);
export type SignatureRejection = z.infer<typeof SignatureRejectionSchema>;
