import { AppError } from '../../../shared/errors.ts';
import { errorMessage, translate } from '../../../shared/i18n/index.ts';
import { formatDateTime } from '../../../shared/i18n/time.ts';
import type { AnchorRecord } from '../../../shared/center/index.ts';
import type { AuditIntegrity } from '../../../shared/model/audit-integrity.ts';
import { filterAuditEntries, type AuditChain, type AuditEntry, type AuditFilter, type AuditLedger } from '../../../shared/model/audit.ts';
import type { Locale } from '../../../shared/model/settings.ts';
import type { ReportPeriod } from '../../../shared/model/audit-report.ts';
import { Ledger } from '../../services/audit/index.ts';
import { writeUsageReport } from '../../services/audit/report-files.ts';
import { CenterLink, requireEnrolment } from '../../services/sync/index.ts';
import { cliSettings, type CommonOptions } from '../context.ts';
import { printJson } from '../output.ts';
import { openOutbox, withUnitSigner } from './sync.ts';

/** The ledger read through the vault (SEALDESK_PASSPHRASE or a prompt), as 审计 reads it, archives included. */
async function readLedger(locale: Locale, anchor?: AnchorRecord | null): Promise<AuditLedger> {
  const { dataDir, store } = cliSettings();
  const { vault } = await openOutbox(locale, dataDir);
  return Ledger.in(dataDir, store).read(vault, anchor);
}

/** The unit's last anchor as the center holds it: logs in to the USBKey for the signed channel. */
async function centerAnchor(locale: Locale, options: CommonOptions): Promise<AnchorRecord | null> {
  const { store, dataDir } = cliSettings();
  const enrolment = requireEnrolment(store);
  return withUnitSigner(locale, { ...options, cert: enrolment.unitCertificate }, 'channel', async (signer) => {
    const centerCertificate = new Uint8Array(Buffer.from(enrolment.signingCertificate, 'base64'));
    return Ledger.in(dataDir).anchors.fetchLast(new CenterLink({ baseUrl: enrolment.url, signer, centerCertificate }));
  });
}

/** `sealdesk audit list [--from DATE] [--to DATE] [--seal SELECTOR] [--kind K] [--search TEXT] [--json]`; a broken chain is said on stderr. */
export async function auditListCommand(locale: Locale, options: AuditFilter & { json: boolean }): Promise<number> {
  const ledger = await readLedger(locale);
  const entries = filterAuditEntries(ledger.entries, options);
  if (options.json) printJson({ entries, problems: ledger.problems, chain: ledger.chain, integrity: ledger.integrity });
  else process.stdout.write(entries.map((entry) => `${describeEntry(locale, entry)}\n`).join(''));
  if (!options.json && !ledger.chain.intact) process.stderr.write(`${brokenLine(locale, ledger.chain)}\n`);
  return 0;
}

/**
 * `sealdesk audit verify [--center]`: 0 when the whole chain, every archive and the anchor hold, 1 naming
 * the first broken record, each missing or damaged archive, and an anchor the center did not confirm.
 * A clock set back is said too, but breaks nothing.
 */
export async function auditVerifyCommand(locale: Locale, options: CommonOptions & { center: boolean; json: boolean }): Promise<number> {
  const { chain, problems, integrity } = await readLedger(locale, options.center ? await centerAnchor(locale, options) : undefined);
  const holds = chain.intact && integrity.anchor.refused === null;
  if (options.json) {
    printJson({ chain, problems, integrity });
    return holds ? 0 : 1;
  }
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  if (chain.intact) out(translate(locale, 'audit.verified', { count: chain.records }));
  else {
    err(brokenLine(locale, chain));
    for (const problem of problems)
      err(`  ${translate(locale, 'audit.problem', { line: problem.line, reason: translate(locale, `audit.break.${problem.reason}`) })}`);
  }
  for (const line of integrityLines(locale, integrity)) (line.bad ? err : out)(line.text);
  return holds ? 0 : 1;
}

/** Archives, the anchor and the clock, each in a sentence; `bad` ones go to stderr. */
function integrityLines(locale: Locale, integrity: AuditIntegrity): { text: string; bad: boolean }[] {
  const lines: { text: string; bad: boolean }[] = [];
  const { archives, anchor, clockBackwards } = integrity;
  for (const archive of archives) {
    if (archive.state === 'intact') continue;
    const params = { file: archive.file, year: archive.year, first: archive.first, last: archive.first + archive.records - 1 };
    lines.push({ text: translate(locale, `audit.archive.${archive.state}`, params), bad: true });
  }
  if (archives.length > 0 && archives.every((a) => a.state === 'intact')) {
    const count = archives.reduce((sum, a) => sum + a.records, 0);
    lines.push({ text: translate(locale, 'audit.archived', { count, archives: archives.length }), bad: false });
  }
  if (anchor.confirmed === null) lines.push({ text: translate(locale, 'audit.notAnchored'), bad: false });
  else {
    const key = anchor.source === 'center' ? 'audit.anchoredCenter' : 'audit.anchored';
    lines.push({
      text: translate(locale, key, { time: formatDateTime(locale, anchor.confirmed.confirmedAt), count: anchor.confirmed.sequence }),
      bad: false,
    });
  }
  if (anchor.refused !== null) {
    const { reason } = anchor.refused;
    const why =
      reason === 'diverged' || reason === 'behind'
        ? translate(locale, `audit.anchorRefusal.${reason}`)
        : translate(locale, 'audit.anchorRefusal.other', { code: reason });
    const params = { time: formatDateTime(locale, anchor.refused.at), count: anchor.refused.head.sequence, reason: why };
    lines.push({ text: translate(locale, 'audit.anchorRefused', params), bad: true });
  }
  for (const step of clockBackwards) {
    const params = { line: step.line, time: formatDateTime(locale, step.time), previous: formatDateTime(locale, step.previous) };
    lines.push({ text: translate(locale, 'audit.clockBackwards', params), bad: true });
  }
  return lines;
}

/** `sealdesk audit report --from DATE --to DATE -o REPORT.pdf [--csv FILE] [--xlsx FILE]`: 签章和打印汇总表 for the period. */
export async function auditReportCommand(
  locale: Locale,
  options: ReportPeriod & { output: string; csv?: string | undefined; xlsx?: string | undefined },
): Promise<number> {
  const ledger = await readLedger(locale);
  const unit = cliSettings().store.read().centerEnrolment?.unitName ?? null;
  const summary = await writeUsageReport(
    ledger,
    options,
    { pdf: options.output, csv: options.csv, xlsx: options.xlsx },
    { unit, now: new Date() },
  );
  const { title, uses, printing, custody, rows, seal } = summary;
  const spot = { page: seal.page, x: Math.round(seal.xMm), y: Math.round(seal.yMm) };
  const said = translate(locale, 'audit.report.written', { title, uses, printing, custody, rows, ...spot, path: options.output });
  process.stdout.write(`${said}\n`);
  if (!ledger.chain.intact) process.stderr.write(`${brokenLine(locale, ledger.chain)}\n`);
  return 0;
}

function brokenLine(locale: Locale, chain: AuditChain): string {
  const first = chain.firstBroken;
  if (first === null) throw new AppError('INTERNAL');
  const error = new AppError('AUDIT_LEDGER_BROKEN', { line: first.line, reason: translate(locale, `audit.break.${first.reason}`) });
  return `${errorMessage(locale, error.toWire())} [${error.code}]`;
}

/** One line per record: time, kind, operator, seal or certificate, approver, document and digest, purpose, output, method. */
function describeEntry(locale: Locale, { record }: AuditEntry): string {
  const kind = [translate(locale, `audit.kind.${record.kind}`)];
  if (record.crossPage) kind.push(translate(locale, 'audit.crossPage'));
  if (record.final) kind.push(translate(locale, 'audit.final'));
  return [
    formatDateTime(locale, record.time),
    kind.join('/'),
    record.custodian === undefined
      ? record.operator
      : `${record.operator} (${translate(locale, 'audit.custodian', { custodian: record.custodian })})`,
    record.subject?.name ?? '-',
    record.approver ?? '-',
    record.document === null ? '-' : `${record.document.name} (SHA-256 ${record.document.sha256})`,
    record.purpose ?? '-',
    record.output ?? '-',
    translate(locale, `audit.method.${record.method}`),
  ].join('\t');
}
