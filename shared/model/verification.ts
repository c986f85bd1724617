import { z } from 'zod';
import { PdfDamageSchema } from './pdf-damage.ts';

/** Integrity and trust are separate questions: a signature can be intact yet signed by an unknown CA. */
export const TrustStatusSchema = z.enum(['trusted', 'untrusted-root', 'chain-incomplete', 'expired', 'revoked', 'chain-invalid']);
export type TrustStatus = z.infer<typeof TrustStatusSchema>;

/** Why a certificate path was not accepted, named for the certificate that broke it. */
export const PathProblemSchema = z.enum([
  'expired',
  'not-yet-valid',
  'signature-invalid',
  'issuer-not-ca',
  'issuer-key-usage',
  'path-length',
  'key-usage',
  'extended-key-usage',
  'name-mismatch',
  'revoked',
  'no-issuer',
  'untrusted-root',
  'too-many-candidates',
  'unknown-critical-extension',
  'bad-extension',
  'key-identifier',
  'weak-key',
  'weak-algorithm',
  'empty-subject',
  'end-entity-is-ca',
  'name-constraints',
  'name-constraints-too-complex',
  'revocation-unknown',
  'explicit-policy-required',
  'policy-mapping-any-policy',
]);
export type PathProblem = z.infer<typeof PathProblemSchema>;

/** A deprecated hash accepted because a trusted time-stamp proves the signature older than its deprecation. */
export const LegacyAlgorithmSchema = z.object({ hash: z.enum(['sha1']), deprecatedFrom: z.string() });
export type LegacyAlgorithm = z.infer<typeof LegacyAlgorithmSchema>;

export const PathFailureSchema = z.object({ subject: z.string(), fingerprint: z.string(), problem: PathProblemSchema });
export type PathFailure = z.infer<typeof PathFailureSchema>;

export const IntegrityProblemSchema = z.enum([
  'byte-range-invalid',
  'cms-malformed',
  'digest-mismatch',
  'signature-invalid',
  'ess-mismatch',
  // Signature wrapping (Mladenov et al., CCS 2019): the signed bytes must end where a revision of this
  // file ends, and the unsigned gap must be this signature dictionary's own /Contents.
  'not-a-revision',
  'contents-misplaced',
  // The CMS signature's own hash is deprecated (SHA-1) and no trusted time-stamp proves it older than that.
  'weak-algorithm',
]);
export type IntegrityProblem = z.infer<typeof IntegrityProblemSchema>;

/** timestamp: a document time-stamp (ISO 32000-2 §12.8.5), validation data rather than a signature by a person. */
export const SignatureRoleSchema = z.enum(['approval', 'seal', 'other', 'timestamp']);
export type SignatureRole = z.infer<typeof SignatureRoleSchema>;

/**
 * What a later revision did. Signatures and validation data are what PAdES expects after a signature;
 * form filling is permitted by DocMDP P=2 and P=3, annotations by P=3 (ISO 32000-2 §12.8.2.2); anything
 * else is a modification of the document.
 */
/** `unreferenced-added`: objects an update added that nothing refers to; they show nowhere, yet a final seal forbids them. */
export const ChangeKindSchema = z.enum([
  'signature-added',
  'validation-data-added',
  'form-filled',
  'annotation-changed',
  'modified',
  'unreferenced-added',
]);
export type ChangeKind = z.infer<typeof ChangeKindSchema>;

/** Which part of the document a change touched; the UI and the CLI say it in words. */
export const ChangeSubjectSchema = z.enum([
  'catalog',
  'catalog-replaced',
  'document-info',
  'metadata',
  'page-tree',
  'page',
  'page-content',
  'resources',
  'annotation',
  'form',
  'form-field',
  'action',
  'object-added',
  'object-deleted',
  'data-after-end',
  'truncated',
  'signature-cut-off',
  'structure-rebuilt',
  'other',
  'object-unreferenced',
]);
export type ChangeSubject = z.infer<typeof ChangeSubjectSchema>;

export const ChangeSchema = z.object({
  kind: ChangeKindSchema,
  /** The object number changed; 0 for what lies outside any object (the trailer, the end of the file). */
  object: z.number().int(),
  what: ChangeSubjectSchema,
  /** 0-based page index, when the change belongs to one page. */
  pageIndex: z.number().int().nullable(),
});
export type Change = z.infer<typeof ChangeSchema>;

const ApprovalSchema = z.object({ approverName: z.string().nullable(), authorised: z.boolean() });

export const WidgetSchema = z.object({
  /** 0-based page index, null when the widget names no page of this document. */
  pageIndex: z.number().int().nullable(),
  rect: z.tuple([z.number(), z.number(), z.number(), z.number()]),
});

export const SignatureReportSchema = z.object({
  fieldName: z.string(),
  role: SignatureRoleSchema,
  signerName: z.string(),
  signerFingerprint: z.string(),
  issuerName: z.string(),
  subFilter: z.string(),
  signingTime: z.string().nullable(),
  /** Bytes of the revision this signature covers. */
  revisionEnd: z.number().int(),
  coversWholeDocument: z.boolean(),
  integrity: z.object({ intact: z.boolean(), problems: z.array(IntegrityProblemSchema) }),
  /** Revocation comes from the CRLs and OCSP responses kept in the document; nothing is fetched while verifying. */
  trust: z.object({
    status: TrustStatusSchema,
    revocation: z.enum(['not-checked', 'good', 'revoked']),
    /** Which certificate broke the path and why, when not trusted. */
    failure: PathFailureSchema.nullable(),
    /** Set when the path holds a deprecated hash accepted only thanks to the signature's trusted time-stamp. */
    legacyAlgorithm: LegacyAlgorithmSchema.nullable(),
    /**
     * What showed the signer not revoked: a CRL or an OCSP response the document carries, when its issuer
     * knew so (thisUpdate), and whether the DSS keeps it (otherwise the signature's own archive does).
     */
    revocationEvidence: z.object({ source: z.enum(['crl', 'ocsp']), checkedAt: z.string(), inDss: z.boolean() }).nullable(),
  }),
  /**
   * PAdES baseline level reached: B-T once an intact signature time-stamp proves when it was made,
   * B-LT once the DSS also keeps CRLs or OCSP responses that show the signer and the time-stamp authority not revoked.
   */
  level: z.enum(['B-B', 'B-T', 'B-LT']),
  /** The signature time-stamp: when, by which authority, and whether that authority is trusted. */
  timestamp: z.object({ time: z.string().nullable(), authorityName: z.string(), intact: z.boolean(), trust: TrustStatusSchema }).nullable(),
  /** What this signature allows afterwards: 1 nothing, 2 form filling and signing, 3 also annotations. */
  permission: z.enum(['none', 'certify-1', 'certify-2', 'certify-3', 'lock']),
  laterChanges: z.array(ChangeSchema),
  /** Later changes break a restriction in force at this signature. */
  changesPermitted: z.boolean(),
  /** Seals only: the approval that preceded it, by name, and whether its signer may approve. */
  approval: ApprovalSchema.nullable(),
  widgets: z.array(WidgetSchema),
});
export type SignatureReport = z.infer<typeof SignatureReportSchema>;

/** A certificate that could not be read (a trust file, the settings, a signature's own set): left out, and named. */
export const SkippedCertificateSchema = z.object({
  /** Where it came from: a trust file's path, `settings`, `center`, or the signature field that carried it. */
  source: z.string(),
  fingerprint: z.string(),
  /** A trust source's: `not-pem` when the whole file or entry held no certificate, so it added no root. */
  reason: z.enum(['not-pem', 'unreadable']).optional(),
});
export type SkippedCertificate = z.infer<typeof SkippedCertificateSchema>;

export const VerificationVerdictSchema = z.enum(['valid', 'modified', 'invalid', 'unsigned']);
export type VerificationVerdict = z.infer<typeof VerificationVerdictSchema>;

export const DocumentReportSchema = z.object({
  path: z.string(),
  size: z.number().int(),
  pageCount: z.number().int(),
  signatures: z.array(SignatureReportSchema),
  /** valid: every signature intact and nothing but signatures added since; modified/invalid: see signatures. */
  verdict: VerificationVerdictSchema,
  locked: z.boolean(),
  /** The latest intact approval in the document and whether its signer is an authorised approver. */
  approval: ApprovalSchema.nullable(),
  /**
   * How a damaged file was read, as other readers read it: its cross-reference found a few bytes from
   * where startxref said, or rebuilt by scanning for objects; null for a sound file.
   */
  repaired: z.enum(['startxref-corrected', 'xref-rebuilt']).nullable(),
  /** Certificates that did not parse, skipped without stopping the verification. */
  skippedCertificates: z.array(SkippedCertificateSchema),
  /** What is damaged: why the cross-reference had to be rebuilt, a page tree that loops back on itself. */
  damage: z.array(PdfDamageSchema),
});
export type DocumentReport = z.infer<typeof DocumentReportSchema>;
