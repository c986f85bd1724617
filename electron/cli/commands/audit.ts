import { AppError } from '../../../shared/errors.ts';
import { errorMessage, translate } from '../../../shared/i18n/index.ts';
import { formatDateTime } from '../../../shared/i18n/time.ts';
import { filterAuditEntries, type AuditChain, type AuditEntry, type AuditFilter, type AuditLedger } from '../../../shared/model/audit.ts';
import type { Locale } from '../../../shared/model/settings.ts';
import { Ledger } from '../../services/audit/index.ts';
import { cliSettings } from '../context.ts';
import { printJson } from '../output.ts';
import { openOutbox } from './sync.ts';

/** The ledger read through the vault (SEALDESK_PASSPHRASE or a prompt), as 审计 reads it. */
async function readLedger(locale: Locale): Promise<AuditLedger> {
  const { dataDir } = cliSettings();
  const { vault } = await openOutbox(locale, dataDir);
  return Ledger.in(dataDir).read(vault);
}

/** `sealdesk audit list [--from DATE] [--to DATE] [--seal SELECTOR] [--kind K] [--json]`; a broken chain is said on stderr. */
export async function auditListCommand(locale: Locale, options: AuditFilter & { json: boolean }): Promise<number> {
  const ledger = await readLedger(locale);
  const entries = filterAuditEntries(ledger.entries, options);
  if (options.json) printJson({ entries, problems: ledger.problems, chain: ledger.chain });
  else process.stdout.write(entries.map((entry) => `${describeEntry(locale, entry)}\n`).join(''));
  if (!options.json && !ledger.chain.intact) process.stderr.write(`${brokenLine(locale, ledger.chain)}\n`);
  return 0;
}

/** `sealdesk audit verify`: 0 when the whole chain holds, 1 naming the first broken line. */
export async function auditVerifyCommand(locale: Locale, options: { json: boolean }): Promise<number> {
  const { chain, problems } = await readLedger(locale);
  if (options.json) printJson({ chain, problems });
  else if (chain.intact) process.stdout.write(`${translate(locale, 'audit.verified', { count: chain.records })}\n`);
  else {
    process.stderr.write(`${brokenLine(locale, chain)}\n`);
    for (const problem of problems)
      process.stderr.write(
        `  ${translate(locale, 'audit.problem', { line: problem.line, reason: translate(locale, `audit.break.${problem.reason}`) })}\n`,
      );
  }
  return chain.intact ? 0 : 1;
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
