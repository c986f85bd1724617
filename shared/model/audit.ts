import { z } from 'zod';
import { AuditIntegritySchema } from './audit-integrity.ts';

/** Every act the ledger records: one record per act, whichever shell or command performed it. */
export const AUDIT_KINDS = [
  'approve',
  'seal',
  'application-sign',
  'certificate-renew',
  'certificate-revoke',
  'pin-change',
  'pin-unlock',
  'enrol',
  'custody-delegate',
  'custody-return',
  'print',
  'approval-request',
] as const;
export const AuditKindSchema = z.enum(AUDIT_KINDS);
export type AuditKind = z.infer<typeof AuditKindSchema>;

/** How the act was done: the desktop window, the web shell, the command line, or a batch of documents at once. */
export const AuditMethodSchema = z.enum(['desktop', 'web', 'cli', 'batch']);
export type AuditMethod = z.infer<typeof AuditMethodSchema>;

/** 用途, given with an approval or a seal. */
export const AuditPurposeSchema = z.string().trim().min(1).max(200);

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** One row of the ledger (审计), as decrypted from its line. */
export const AuditRecordSchema = z
  .object({
    time: z.iso.datetime({ offset: true }),
    kind: AuditKindSchema,
    method: AuditMethodSchema,
    /** The USBKey the act was done with. */
    token: z.object({ serial: z.string(), label: z.string() }).strict(),
    /** Who did it: the holder of the personal certificate on that USBKey, else its label; a stand-in sealing under 代管. */
    operator: z.string(),
    /** Under 代管: the seal's custodian, for whom the stand-in (the operator) sealed. */
    custodian: z.string().optional(),
    /** The seal or the certificate used, or acted on (renewed, revoked, enrolled with): its holder's name and object label. */
    subject: z
      .object({ kind: z.enum(['seal', 'certificate']), name: z.string(), label: z.string(), fingerprintSha256: Sha256 })
      .strict()
      .nullable(),
    approver: z.string().nullable(),
    document: z.object({ name: z.string(), sha256: Sha256 }).strict().nullable(),
    purpose: z.string().nullable(),
    output: z.string().nullable(),
    /** For seals: 骑缝章 and the final lock. */
    crossPage: z.boolean(),
    final: z.boolean(),
  })
  .strict();
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

/**
 * Why a line of the ledger fails. `unreadable`: not a ledger line (damaged bytes); `content-changed`: its
 * content does not give its hash (edited); `link-broken`: it does not follow the record before it (one was
 * removed or moved); `undecryptable`: it does not open with the ledger key, or not to a record;
 * `records-missing-at-end`: the ledger ends before the last record written (truncated); `head-mismatch`: the
 * record kept as the last one written (beside the ledger) is not where it should be, or that note is gone.
 * `archive-missing` / `archive-damaged`: a closed year's archive starting at this record is gone, or no longer
 * matches its signature; `archive-foreign-signer`: its signature holds but is not the unit certificate's (re-signed);
 * `anchor-mismatch`: this record is not the one the center anchored (the ledger was
 * rewritten); `anchor-records-missing`: the ledger ends before the record the center anchored.
 */
export const AuditBreakSchema = z.enum([
  'unreadable',
  'content-changed',
  'link-broken',
  'undecryptable',
  'records-missing-at-end',
  'head-mismatch',
  'archive-missing',
  'archive-damaged',
  'anchor-mismatch',
  'anchor-records-missing',
  'archive-foreign-signer',
]);
export type AuditBreak = z.infer<typeof AuditBreakSchema>;

/** Lines are numbered from 1, as an editor shows them. */
export const AuditProblemSchema = z.object({ line: z.number().int().min(1), reason: AuditBreakSchema });
export type AuditProblem = z.infer<typeof AuditProblemSchema>;

export const AuditChainSchema = z.object({
  intact: z.boolean(),
  records: z.number().int().min(0),
  /** The time of the first record: since when the ledger is kept. */
  since: z.string().nullable(),
  /** The first line that breaks the chain; null when intact. */
  firstBroken: AuditProblemSchema.nullable(),
});
export type AuditChain = z.infer<typeof AuditChainSchema>;

export const AuditEntrySchema = z.object({ line: z.number().int().min(1), record: AuditRecordSchema });
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** The whole ledger as read: every record that opens, every line that does not (never skipped silently), and the chain. */
export const AuditLedgerSchema = z.object({
  entries: z.array(AuditEntrySchema),
  problems: z.array(AuditProblemSchema),
  chain: AuditChainSchema,
  /** Archives, the anchor at the center and the clock, as checked with the chain. */
  integrity: AuditIntegritySchema,
});
export type AuditLedger = z.infer<typeof AuditLedgerSchema>;

/** What 审计 and `sealdesk audit list` narrow the ledger to; every field optional. */
export interface AuditFilter {
  /** A day (YYYY-MM-DD, local) or an ISO time; a day counts from its start. */
  from?: string | undefined;
  /** A day counts to its end. */
  to?: string | undefined;
  /** The seal or certificate: its name, its label on the USBKey, or its fingerprint or a prefix of it. */
  seal?: string | undefined;
  kind?: AuditKind | undefined;
  operator?: string | undefined;
  approver?: string | undefined;
  /** Part of a document's name, case ignored. */
  search?: string | undefined;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A day is local: a custodian's 12月2日 is the day on the office's clock, not UTC's. */
export function dayBoundary(value: string, end: boolean): number {
  const day = DAY.exec(value);
  if (day === null) return Date.parse(value);
  const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
  return end ? new Date(y, m - 1, d + 1).getTime() - 1 : new Date(y, m - 1, d).getTime();
}

export function filterAuditEntries(entries: readonly AuditEntry[], filter: AuditFilter): AuditEntry[] {
  const from = filter.from ? dayBoundary(filter.from, false) : -Infinity;
  const to = filter.to ? dayBoundary(filter.to, true) : Infinity;
  const seal = filter.seal?.toLowerCase();
  const search = filter.search?.trim().toLowerCase();
  return entries.filter(({ record }) => {
    const time = Date.parse(record.time);
    if (time < from || time > to) return false;
    if (filter.kind !== undefined && record.kind !== filter.kind) return false;
    if (seal && !matchesSubject(record, seal)) return false;
    if (filter.operator && record.operator !== filter.operator) return false;
    if (filter.approver && record.approver !== filter.approver) return false;
    return !search || (record.document?.name.toLowerCase().includes(search) ?? false);
  });
}

function matchesSubject({ subject }: AuditRecord, selector: string): boolean {
  if (subject === null) return false;
  return [subject.name, subject.label].some((name) => name.toLowerCase() === selector) || subject.fingerprintSha256.startsWith(selector);
}
