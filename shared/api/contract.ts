import { UnlockRequestEntrySchema, UnlockRequestRefSchema } from '../model/unlock-request.ts';
import { z } from 'zod';
import { PDF_RANGE_MAX_BYTES } from './limits.ts';
import { WireErrorSchema } from '../error-schema.ts';
import { CertSelectorSchema, TokenCertificateSchema } from '../model/certificate.ts';
import { DiagnosticsSchema } from '../model/diagnostics.ts';
import { DocumentFactsSchema } from '../model/document.ts';
import { TrustRootsSchema } from '../model/trust-roots.ts';
import { DetectedModuleSchema, SettingsPatchSchema, SettingsSchema } from '../model/settings.ts';
import { DocumentLayoutSchema, ImpressionMetaSchema, PlacementSchema, SealInfoSchema } from '../model/seal.ts';
import { PinSchema, SerialSchema, TokenSchema } from '../model/token.ts';
import { DocumentReportSchema } from '../model/verification.ts';
import { ApplicationSchema, ApplicationSummarySchema } from '../model/application.ts';
import { SyncNoticeSchema, SyncStatusSchema } from '../model/sync.ts';
import { NoticeSchema, PublishedCatalogSchema } from '../center/protocol.ts';
import { FormDefinitionSchema } from '../forms/schema.ts';
import {
  CertificateRequestViewSchema,
  CertificateStatusSchema,
  ExpiryReminderSchema,
  PendingRenewalChoiceSchema,
} from '../model/certificate-status.ts';
import { RevocationReasonSchema } from '../center/certificate-request.ts';
import { AuditEntrySchema, AuditLedgerSchema, AuditPurposeSchema } from '../model/audit.ts';
import { FolderListingSchema, OutputTaskSchema, PlacesSchema, PlannedOutputSchema } from '../model/files.ts';
import { ReportPeriodSchema, UsageReportMadeSchema } from '../model/audit-report.ts';
import { CustodyEntrySchema, CustodyStatusSchema, DelegationSchema } from '../model/custody.ts';
import { ApprovalNoteSchema, ApprovalRequestedSchema, AwaitingApprovalSchema } from '../model/approval-request.ts';

/**
 * The one API both shells expose and the renderer and CLI consume. Each method names the schema its
 * params must satisfy and the schema of its result; each shell parses params with it before any
 * service runs, and the client parses the result before the UI sees it.
 */
function method<P extends z.ZodType, R extends z.ZodType>(params: P, result: R) {
  return { params, result };
}

const Empty = z.object({}).strict();
const TokenRef = z.object({ serial: SerialSchema }).strict();

export const AppInfoSchema = z.object({
  version: z.string(),
  shell: z.enum(['desktop', 'web']),
  demo: z.object({ active: z.boolean(), pin: z.string().nullable(), tokenLabel: z.string().nullable() }),
  moduleConfigured: z.boolean(),
  moduleError: WireErrorSchema.nullable(),
  canPickFiles: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const FormsCatalogViewSchema = PublishedCatalogSchema.extend({ kept: z.array(FormDefinitionSchema) });
export type FormsCatalogView = z.infer<typeof FormsCatalogViewSchema>;

export const TestSignatureResultSchema = z.object({
  algorithm: z.string(),
  challengeSha256: z.string(),
  signatureBytes: z.number().int(),
  verified: z.boolean(),
});
export type TestSignatureResult = z.infer<typeof TestSignatureResultSchema>;

export const CertificateListingSchema = z.object({
  certificates: z.array(TokenCertificateSchema),
  /** Certificate objects on the token that do not parse, shown so nothing is silently hidden. */
  unreadable: z.array(z.object({ label: z.string(), objectId: z.string(), error: WireErrorSchema })),
});

const FilePath = z.string().min(1).max(4096);
const Fingerprint = z.string().regex(/^[0-9a-f]{64}$/);

export const ImpressionImageSchema = z.object({
  format: z.enum(['svg', 'png']),
  base64: z.string(),
  widthMm: z.number(),
  heightMm: z.number(),
});

export const SealOutcomeSchema = z.object({
  input: z.string(),
  output: z.string().nullable(),
  error: WireErrorSchema.nullable(),
});
export type SealOutcome = z.infer<typeof SealOutcomeSchema>;

const SignerRef = { serial: SerialSchema, certificate: CertSelectorSchema };
/** An empty signature field to sign into (its page and rectangle), instead of a new box. */
const FieldName = z.string().min(1).max(1000);

const FormId = z.string().regex(/^[a-z0-9-]{1,64}$/);
const ApplicationRef = z.object({ id: z.uuid() }).strict();

/** The local encrypted store: the desktop shell unlocks it with the OS keychain, the web shell asks for a passphrase. */
export const VaultStatusSchema = z.object({
  state: z.enum(['new', 'locked', 'unlocked']),
  protection: z.enum(['passphrase', 'os-keychain']),
});
export type VaultStatus = z.infer<typeof VaultStatusSchema>;

/** Largest piece of a file sent per call (the web shell's frames are limited to 1 MB). */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;

export const api = {
  'app.info': method(Empty, AppInfoSchema),
  'tokens.list': method(Empty, z.array(TokenSchema)),
  'tokens.certificates': method(TokenRef, CertificateListingSchema),
  /** `pin` is null on a PIN-pad reader: the holder types it on the device. */
  'tokens.login': method(z.object({ serial: SerialSchema, pin: PinSchema.nullable() }).strict(), TokenSchema),
  'tokens.logout': method(TokenRef, TokenSchema),
  /** Checked against the unit's PIN rules (length, letters and digits, nothing personal, not the old PIN). */
  'tokens.changePin': method(z.object({ serial: SerialSchema, oldPin: PinSchema, newPin: PinSchema }).strict(), TokenSchema),
  /**
   * The IT administrator resets a locked token's PIN with the SO PIN, only on a checked 解锁申请 for this
   * USBKey (UNLOCK_REQUEST_INVALID otherwise); the holder then changes it.
   */
  'tokens.unlockPin': method(
    z.object({ serial: SerialSchema, soPin: PinSchema, newPin: PinSchema, request: UnlockRequestRefSchema }).strict(),
    TokenSchema,
  ),
  /** The checked 解锁申请 for this USBKey found on this computer, newest first. */
  'tokens.unlockRequests': method(TokenRef, z.array(UnlockRequestEntrySchema)),
  /** 解锁申请 for a locked (or forgotten-PIN) key, signed with a certificate on another, logged-in key; where it was written. */
  'tokens.unlockRequest': method(
    z.object({ serial: SerialSchema, signWith: z.object(SignerRef).strict() }).strict(),
    z.object({ path: z.string() }),
  ),
  'tokens.testSignature': method(
    z.object({ serial: SerialSchema, certificate: CertSelectorSchema, pin: PinSchema.optional() }).strict(),
    TestSignatureResultSchema,
  ),
  'settings.get': method(Empty, SettingsSchema),
  'settings.update': method(SettingsPatchSchema, SettingsSchema),
  'modules.detect': method(Empty, z.array(DetectedModuleSchema)),
  /** The roots trust starts from, and what was left out of them because it could not be read. */
  'trust.roots': method(Empty, TrustRootsSchema),
  'modules.pick': method(Empty, z.object({ path: z.string().nullable() })),
  'diagnostics.run': method(Empty, DiagnosticsSchema),
  'seals.list': method(Empty, z.array(SealInfoSchema)),
  'seals.impression': method(z.object({ fingerprint: Fingerprint }).strict(), ImpressionImageSchema.nullable()),
  /** Binds a 印模 (SVG or PNG, at most 5 MB) to a seal; the width defaults to the image's own or 42 mm. */
  'seals.importImpression': method(
    z
      .object({
        fingerprint: Fingerprint,
        format: z.enum(['svg', 'png']),
        base64: z.string().max(7_000_000),
        widthMm: z.number().min(5).max(200).optional(),
      })
      .strict(),
    ImpressionMetaSchema,
  ),
  'vault.status': method(Empty, VaultStatusSchema),
  /** A new store takes the passphrase that will protect it; an existing one is opened with it. */
  'vault.unlock': method(z.object({ passphrase: z.string().min(1).max(1024) }).strict(), VaultStatusSchema),
  /** The forms a new application may use, those kept for older drafts, and the working-day calendar. */
  'forms.catalog': method(Empty, FormsCatalogViewSchema),
  'applications.list': method(Empty, z.array(ApplicationSummarySchema)),
  /** Starts an application, empty or from imported JSON text (checked here, so bad files get JSON_INVALID). */
  'applications.create': method(
    z
      .object({
        formId: FormId,
        imported: z
          .object({ name: z.string().max(255), text: z.string().max(1_000_000) })
          .strict()
          .optional(),
      })
      .strict(),
    ApplicationSchema,
  ),
  'applications.get': method(ApplicationRef, ApplicationSchema),
  'applications.save': method(z.object({ id: z.uuid(), data: z.record(z.string(), z.unknown()) }).strict(), ApplicationSchema),
  'applications.remove': method(ApplicationRef, z.object({})),
  'applications.upload': method(
    z
      .object({ uploadId: z.uuid(), offset: z.number().int().min(0), base64: z.string().max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4) })
      .strict(),
    z.object({ received: z.number().int() }),
  ),
  /** Attaches a finished upload to a field; the service checks type, size and scan resolution first. */
  'applications.attach': method(
    // A longer name gets the service's own message (ATTACHMENT_NAME_TOO_LONG), not a bare bad request.
    z.object({ id: z.uuid(), field: z.string().max(64), name: z.string().min(1).max(1000), uploadId: z.uuid() }).strict(),
    ApplicationSchema,
  ),
  /** Takes an attached file off a draft (删除); the field is empty again. */
  'applications.detach': method(z.object({ id: z.uuid(), field: z.string().max(64) }).strict(), ApplicationSchema),
  /** Part of an attached file, for its preview beside the form (read in ranges like a PDF on disk). */
  'applications.readAttachment': method(
    z
      .object({
        id: z.uuid(),
        field: z.string().max(64),
        offset: z.number().int().min(0),
        length: z.number().int().min(1).max(PDF_RANGE_MAX_BYTES),
      })
      .strict(),
    z.object({ size: z.number().int(), base64: z.string() }),
  ),
  'applications.sign': method(z.object({ id: z.uuid(), ...SignerRef }).strict(), ApplicationSchema),
  'applications.reopen': method(ApplicationRef, ApplicationSchema),
  'applications.print': method(ApplicationRef, z.object({ path: z.string() })),
  'applications.export': method(ApplicationRef, z.object({ path: z.string() })),
  /** Expiry, chain and revocation (from the kept center CRL and OCSP answers, refreshed first when asked) of a token's certificates. */
  'certs.status': method(
    z.object({ serial: SerialSchema, refresh: z.boolean().default(false) }).strict(),
    z.object({ certificates: z.array(CertificateStatusSchema), revocationError: WireErrorSchema.nullable() }),
  ),
  'certs.requests': method(Empty, z.array(CertificateRequestViewSchema)),
  /** Expiry reminders not yet shown in any window (also pushed as the certs.reminders event). */
  'certs.dueReminders': method(Empty, z.array(ExpiryReminderSchema)),
  /** The window showed these reminders: each threshold is announced once. */
  'certs.acknowledgeReminders': method(
    z.object({ reminders: z.array(z.object({ fingerprint: Fingerprint, threshold: z.number().int() }).strict()).max(100) }).strict(),
    z.object({}),
  ),
  /** 更新: a new key pair on the (logged-in) token, its request signed by the key it replaces, queued for the center. */
  'certs.renew': method(z.object({ ...SignerRef, pending: PendingRenewalChoiceSchema.optional() }).strict(), CertificateRequestViewSchema),
  /** 撤销/变更, signed with `signWith` (any valid certificate of the unit) or the certificate itself. */
  'certs.revoke': method(
    z.object({ ...SignerRef, reason: RevocationReasonSchema, signWith: CertSelectorSchema.optional() }).strict(),
    CertificateRequestViewSchema,
  ),
  /** After a renewal is installed and the holder confirms: the replaced certificate and its key leave the token. */
  'certs.removeReplaced': method(z.object({ serial: SerialSchema, fingerprint: Fingerprint }).strict(), z.object({})),
  /** The center returned a leaked-key report and the holder confirms the key is safe: SealDesk signs with it again. */
  'certs.resumeUse': method(z.object({ fingerprint: Fingerprint }).strict(), z.object({})),
  /** The 同步 page: the center link, what blocks sync, and the outbox. */
  'sync.status': method(Empty, SyncStatusSchema),
  /** Registers the unit with the one-time code from the center, signed with the unit certificate on the (logged-in) token. */
  'sync.enrol': method(z.object({ serial: SerialSchema, code: z.string().trim().min(6).max(64) }).strict(), SyncStatusSchema),
  /** 立即同步: sends everything due now, ignoring the backoff, and pulls the center's changes. */
  'sync.run': method(Empty, SyncStatusSchema),
  /** 重试 on a refused or waiting item: sent on the next pass, from a fresh backoff. */
  'sync.retry': method(z.object({ id: z.string().min(1).max(200) }).strict(), SyncStatusSchema),
  /** 删除 an item the center has not taken; an application goes back to its draft (next 版次) instead. */
  'sync.remove': method(z.object({ id: z.string().min(1).max(200) }).strict(), SyncStatusSchema),
  'documents.pick': method(Empty, z.object({ paths: z.array(z.string()) })),
  /** The web shell's file dialog: a folder (the home folder when none is given), files only with these extensions. */
  'files.list': method(
    z
      .object({
        path: FilePath.optional(),
        extensions: z
          .array(z.string().regex(/^[a-z0-9]{1,10}$/))
          .max(20)
          .optional(),
      })
      .strict(),
    FolderListingSchema,
  ),
  /** The home folder, the usual folders under it, the inbox of dropped files, and the folders used lately. */
  'files.places': method(Empty, PlacesSchema),
  /** The desktop shell's system dialog for an output folder; null when cancelled. */
  'files.pickFolder': method(Empty, z.object({ path: z.string().nullable() })),
  /** A file dropped into the web shell's page is copied to this session's inbox: its name and size first… */
  'files.inboxStart': method(
    z.object({ name: z.string().min(1).max(255), size: z.number().int().min(1) }).strict(),
    z.object({ id: z.uuid() }),
  ),
  /** …then its bytes in order; the last piece puts it in place and returns the path it is used by. */
  'files.inboxAppend': method(
    z.object({ id: z.uuid(), offset: z.number().int().min(0), base64: z.string().max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4) }).strict(),
    z.object({ received: z.number().int(), path: z.string().nullable() }),
  ),
  /** 打开 and 在文件夹中显示 a result, in the desktop shell (the web shell offers 下载 instead). */
  'files.open': method(z.object({ path: FilePath }).strict(), z.object({})),
  'files.reveal': method(z.object({ path: FilePath }).strict(), z.object({})),
  /** 另存为: a result copied under another name or folder; a taken name is replaced only with `overwrite`. */
  'files.saveAs': method(z.object({ from: FilePath, to: FilePath, overwrite: z.boolean() }).strict(), z.object({})),
  /** The desktop shell's system save dialog, starting from `name`; null when cancelled. */
  'files.pickSave': method(z.object({ name: z.string().min(1).max(255) }).strict(), z.object({ path: z.string().nullable() })),
  /** What 签发 or 盖章 would write for these inputs (原名-已签发.pdf, 原名-已盖章.pdf) and which names are taken already. */
  'documents.outputs': method(
    z.object({ inputs: z.array(FilePath).min(1).max(1000), task: OutputTaskSchema, outDir: FilePath.optional() }).strict(),
    z.array(PlannedOutputSchema),
  ),
  /** The page viewer (pdf.js) reads only the parts of a PDF it draws. */
  'documents.read': method(
    z.object({ path: FilePath, offset: z.number().int().min(0), length: z.number().int().min(1).max(PDF_RANGE_MAX_BYTES) }).strict(),
    z.object({ size: z.number().int(), base64: z.string() }),
  ),
  /** Name, page count and SHA-256 of a PDF, shown on the confirmation sheet before it is signed. */
  'documents.describe': method(z.object({ path: FilePath }).strict(), DocumentFactsSchema),
  'documents.verify': method(z.object({ path: FilePath }).strict(), DocumentReportSchema),
  /** 修复: a damaged, unsigned PDF rewritten into a new file beside it (…-已修复.pdf); the original is never written to. */
  'documents.repair': method(z.object({ input: FilePath, overwrite: z.boolean().optional() }).strict(), z.object({ output: z.string() })),
  /** Signatures' visible boxes and empty signature fields on the document's pages, in mm on the page as displayed. */
  'documents.layout': method(z.object({ path: FilePath }).strict(), DocumentLayoutSchema),
  'documents.approve': method(
    z
      .object({
        ...SignerRef,
        input: FilePath,
        output: FilePath.optional(),
        /** Where the derived name (原名-已签发.pdf) goes when `output` is not given; beside the input by default. */
        outDir: FilePath.optional(),
        overwrite: z.boolean().default(false),
        visible: PlacementSchema.nullable(),
        field: FieldName.optional(),
        /** The user confirmed covering a signature already on the page. */
        allowOverlap: z.boolean().default(false),
        purpose: AuditPurposeSchema.optional(),
      })
      .strict(),
    SealOutcomeSchema,
  ),
  /** Batch sealing: one placement rule for every file; a failure is reported and the rest go on. */
  'documents.seal': method(
    z
      .object({
        ...SignerRef,
        inputs: z.array(FilePath).min(1).max(1000),
        output: FilePath.optional(),
        outDir: FilePath.optional(),
        overwrite: z.boolean().default(false),
        placement: PlacementSchema,
        crossPage: z.boolean().default(false),
        final: z.boolean().default(false),
        field: FieldName.optional(),
        allowOverlap: z.boolean().default(false),
        purpose: AuditPurposeSchema.optional(),
      })
      .strict()
      .refine((p) => !(p.crossPage && p.field !== undefined), { message: 'a cross-page seal cannot go into one field' }),
    z.array(SealOutcomeSchema),
  ),
  /** The ledger (审计): every record, every line that fails and the chain's state; needs the vault like drafts. */
  'audit.ledger': method(Empty, AuditLedgerSchema),
  /** 生成汇总表: the usage report for the period as PDF, CSV and workbook under the data directory's reports/. */
  'audit.report': method(z.object({ period: ReportPeriodSchema }).strict(), UsageReportMadeSchema),
  /** The sealed report into the outbox as a usage-report submission for its period. */
  'audit.sendReport': method(z.object({ path: FilePath, period: ReportPeriodSchema }).strict(), z.object({ title: z.string() })),
  /** 首页: the last closed month when no report covering it is queued and the ledger was kept then; null otherwise or while locked. */
  'audit.reportDue': method(Empty, z.object({ period: ReportPeriodSchema }).nullable()),
  /** 首页: approvals of the last 30 days whose document no seal took since, oldest first; reads only those days of the ledger; needs the vault. */
  'audit.awaitingSeal': method(Empty, z.array(AuditEntrySchema)),
  /** 导出 of a sealed document (a download in the web shell, a saved copy in the desktop one): one ledger record, before the bytes go. */
  'documents.export': method(z.object({ ...SignerRef, path: FilePath }).strict(), Empty),
  /** 印章代管: every delegation on record and its state now. */
  'custody.status': method(Empty, CustodyStatusSchema),
  /** The custodian hands the seals on the one USBKey holding seals to a stand-in; all three USBKeys logged in. */
  'custody.delegate': method(
    z
      .object({
        standIn: z.object(SignerRef).strict(),
        approver: z.object(SignerRef).strict(),
        from: z.iso.datetime({ offset: true }),
        until: z.iso.datetime({ offset: true }),
        reason: DelegationSchema.shape.reason,
        pendingWork: DelegationSchema.shape.pendingWork.optional(),
      })
      .strict(),
    CustodyEntrySchema,
  ),
  /** 收回: the running (or scheduled) delegation ends now, signed by custodian and stand-in. */
  'custody.return': method(Empty, CustodyEntrySchema),
  /** 打印 of a sealed document in the desktop shell: the same ledger record as 导出, then the system's print dialog. */
  'documents.print': method(z.object({ ...SignerRef, path: FilePath }).strict(), Empty),
  /** 送签发: the document on record as waiting for an approver of the unit's list (no PIN: nothing is signed). */
  'documents.requestApproval': method(
    z.object({ serial: SerialSchema, path: FilePath, approver: z.string().min(1).max(200), note: ApprovalNoteSchema.optional() }).strict(),
    ApprovalRequestedSchema,
  ),
  /** 首页: documents sent for approval in the last 30 days and not approved since, oldest first; needs the vault. */
  'audit.awaitingApproval': method(Empty, z.array(AwaitingApprovalSchema)),
} as const;

export type Api = typeof api;
export type MethodName = keyof Api;
export type ParamsOf<M extends MethodName> = z.input<Api[M]['params']>;
export type ParsedParamsOf<M extends MethodName> = z.output<Api[M]['params']>;
export type ResultOf<M extends MethodName> = z.output<Api[M]['result']>;

/** Server → UI events, carried by the same transport as the methods. */
export const events = {
  'tokens.changed': z.object({ tokens: z.array(TokenSchema) }),
  'settings.changed': SettingsSchema,
  /** Long sealing work: file `index` of `total`, `fraction` of it read. */
  'documents.progress': z.object({ input: z.string(), index: z.number().int(), total: z.number().int(), fraction: z.number() }),
  /** Upload of one outbox item: `sent` of `total` envelope bytes. */
  'sync.progress': z.object({ itemId: z.string(), sent: z.number().int(), total: z.number().int() }),
  /** Certificates that reached an expiry threshold (30/14/7/1 days, or expired) not announced before. */
  'certs.reminders': z.object({ reminders: z.array(ExpiryReminderSchema) }),
  /** The center published another forms catalog and it is now in force: forms.catalog again. */
  'catalog.changed': z.object({}),
  /** A sync pass ended; `notices` are the statuses the center set since the last one, `announcements` its new 调整通知. */
  'sync.updated': z.object({ notices: z.array(SyncNoticeSchema), announcements: z.array(NoticeSchema) }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(api, name);
}
