import { z } from 'zod';
import { CenterEnrolmentSchema } from './center-link.ts';

export const LOCALES = ['zh-CN', 'en'] as const;
export const LocaleSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof LocaleSchema>;

/** Someone with signing authority (签发权人), named by certificate fingerprint or by subject and issuer. */
export const ApproverSchema = z.union([
  z.object({ label: z.string().max(200), fingerprintSha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
  z.object({ label: z.string().max(200), subject: z.string().min(1).max(1000), issuer: z.string().min(1).max(1000) }).strict(),
]);
export type Approver = z.infer<typeof ApproverSchema>;

const ApproversSchema = z.array(ApproverSchema).max(500);
/** Root certificates (PEM) signatures are checked against, besides the demo CA in demo mode. */
const TrustedRootsSchema = z.array(z.string().max(20_000)).max(100);
/** A logged-in USBKey unused this long is logged out; there is no "never". */
const IdleLogoutMinutesSchema = z.number().int().min(1).max(480);
const FolderSchema = z.string().min(1).max(4096);
/** Per task (签发, 盖章): the folder its outputs go to, chosen once; none means beside each input. */
const OutputFoldersSchema = z.object({ approve: FolderSchema.optional(), seal: FolderSchema.optional() }).strict();
/** The folders files were last chosen from, newest first, offered by the file dialog. */
const RecentFoldersSchema = z.array(FolderSchema).max(8);

export const SettingsSchema = z.object({
  locale: LocaleSchema.default('zh-CN'),
  /** Absolute path of the PKCS#11 module; null means demo mode. */
  pkcs11Module: z.string().min(1).max(4096).nullable().default(null),
  approvers: ApproversSchema.default([]),
  trustedRoots: TrustedRootsSchema.default([]),
  idleLogoutMinutes: IdleLogoutMinutesSchema.default(10),
  /** The resource center's address; SEALDESK_CENTER_URL overrides it. */
  centerUrl: z.url().nullable().default(null),
  /** Set by enrolment, never by a settings patch: what the unit pinned. */
  centerEnrolment: CenterEnrolmentSchema.nullable().default(null),
  /** Per token serial: when its PIN was last changed here, or first seen. Written by PIN changes, never by a patch. */
  pinChanges: z.record(z.string().max(64), z.iso.datetime()).default({}),
  /** Per certificate fingerprint: the last expiry threshold (days) announced, so each reminder is given once. */
  expiryReminders: z.record(z.string().max(64), z.number().int()).default({}),
  /** Fingerprints SealDesk no longer signs with: keys reported leaked, certificates the center revoked. */
  blockedCertificates: z.array(z.string().regex(/^[0-9a-f]{64}$/)).default([]),
  outputFolders: OutputFoldersSchema.default({}),
  recentFolders: RecentFoldersSchema.default([]),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = z
  .object({
    locale: LocaleSchema,
    pkcs11Module: z.string().min(1).max(4096).nullable(),
    approvers: ApproversSchema,
    trustedRoots: TrustedRootsSchema,
    idleLogoutMinutes: IdleLogoutMinutesSchema,
    centerUrl: z.url().nullable(),
    outputFolders: OutputFoldersSchema,
    recentFolders: RecentFoldersSchema,
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const DetectedModuleSchema = z.object({
  vendor: z.string(),
  product: z.string(),
  path: z.string(),
  present: z.boolean(),
});
export type DetectedModule = z.infer<typeof DetectedModuleSchema>;
