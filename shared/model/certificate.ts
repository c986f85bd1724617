import { z } from 'zod';

/** The regulations' certificate types. */
export const CERT_KINDS = ['unit', 'personal', 'device', 'seal', 'unknown'] as const;
export const CertKindSchema = z.enum(CERT_KINDS);
export type CertKind = z.infer<typeof CertKindSchema>;

export const KeyTypeSchema = z.object({
  family: z.enum(['RSA', 'EC', 'SM2', 'unknown']),
  /** e.g. "RSA 2048", "EC P-256", "SM2", or the raw OID for unknown keys. */
  display: z.string(),
  bits: z.number().int().nullable(),
});
export type KeyType = z.infer<typeof KeyTypeSchema>;

export const NameSchema = z.object({
  text: z.string(),
  commonName: z.string().nullable(),
  organization: z.string().nullable(),
  /** 统一社会信用代码 found in any attribute, when it passes the GB 32100 check. */
  creditCode: z.string().nullable(),
});
export type DistinguishedName = z.infer<typeof NameSchema>;

export const CertificateDetailsSchema = z.object({
  subject: NameSchema,
  issuer: NameSchema,
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  keyType: KeyTypeSchema,
  keyUsage: z.array(z.string()),
  extendedKeyUsage: z.array(z.string()),
  policies: z.array(z.string()),
  signatureAlgorithm: z.string(),
  fingerprintSha256: z.string(),
  kind: CertKindSchema,
  isCa: z.boolean(),
  selfSigned: z.boolean(),
});
export type CertificateDetails = z.infer<typeof CertificateDetailsSchema>;

export const TokenCertificateSchema = CertificateDetailsSchema.extend({
  label: z.string(),
  /** Hex CKA_ID binding the certificate to its key pair on the token. */
  objectId: z.string(),
  hasPrivateKey: z.boolean(),
  /** Issuer certificates found on the token or in the trusted roots, leaf first, excluding the leaf. */
  chain: z.array(CertificateDetailsSchema),
});
export type TokenCertificate = z.infer<typeof TokenCertificateSchema>;

/** Hex SHA-256 fingerprint (or a unique prefix) or an object label. */
export const CertSelectorSchema = z.string().min(1).max(256);
