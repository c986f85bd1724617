import { translate } from '../../../shared/i18n/index.ts';
import { formatDateTime } from '../../../shared/i18n/time.ts';
import { filterAuditEntries, type AuditLedger, type AuditRecord } from '../../../shared/model/audit.ts';
import type { ReportPeriod } from '../../../shared/model/audit-report.ts';

/** One seal's uses in the period, in time order. */
export interface SealUses {
  name: string;
  label: string;
  fingerprintSha256: string;
  uses: AuditRecord[];
}

/** 签章和打印汇总表: what the ledger says about the period, grouped as the regulations ask. */
export interface UsageReport {
  period: ReportPeriod;
  /** The unit the report is for (its enrolment at the center, else its unit certificate), when known. */
  unit: string | null;
  generatedAt: Date;
  /** Whether the ledger's chain held when the report was made; a broken chain is said on the report itself. */
  chain: { intact: boolean; records: number; firstBrokenLine: number | null };
  seals: SealUses[];
  printing: AuditRecord[];
  /** Custody and stand-in (代管) records, whatever kinds the ledger gives them. */
  custody: AuditRecord[];
}

type Section = 'seal' | 'printing' | 'custody';

/** Which part of the report a record belongs to; kinds are matched by family so new custody and print kinds join their part. */
function sectionOf(record: AuditRecord): Section | null {
  if (record.kind === 'seal' && record.subject !== null) return 'seal';
  if (record.kind.startsWith('print')) return 'printing';
  if (record.kind.startsWith('custody')) return 'custody';
  return null;
}

export function usageReport(ledger: AuditLedger, period: ReportPeriod, context: { unit: string | null; now: Date }): UsageReport {
  const inPeriod = filterAuditEntries(ledger.entries, period)
    .map((entry) => entry.record)
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const seals = new Map<string, SealUses>();
  const printing: AuditRecord[] = [];
  const custody: AuditRecord[] = [];
  for (const record of inPeriod) {
    const section = sectionOf(record);
    if (section === 'printing') printing.push(record);
    else if (section === 'custody') custody.push(record);
    else if (section === 'seal' && record.subject !== null) {
      const { fingerprintSha256, name, label } = record.subject;
      const seal = seals.get(fingerprintSha256) ?? { name, label, fingerprintSha256, uses: [] };
      seal.uses.push(record);
      seals.set(fingerprintSha256, seal);
    }
  }
  return {
    period,
    unit: context.unit,
    generatedAt: context.now,
    chain: { intact: ledger.chain.intact, records: ledger.chain.records, firstBrokenLine: ledger.chain.firstBroken?.line ?? null },
    seals: [...seals.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.label.localeCompare(b.label, 'zh-CN')),
    printing,
    custody,
  };
}

/** The columns of the CSV and Excel exports, in Chinese as the unit's archive keeps them. */
export const REPORT_COLUMNS = ['类别', '印章/证书', '时间', '事项', '文件', 'SHA-256', '签发人', '操作人', '用途', '输出', '方式'] as const;

const SECTION_TITLES: Record<Section, string> = { seal: '用印', printing: '在线打印', custody: '印章保管' };

/** The same records as the PDF, one flat row each, for the CSV and the workbook. */
export function reportRows(report: UsageReport): string[][] {
  const rows = (section: Section, records: readonly AuditRecord[]): string[][] =>
    records.map((record) => [
      SECTION_TITLES[section],
      record.subject?.name ?? '',
      formatDateTime('zh-CN', record.time),
      actText(record),
      record.document?.name ?? '',
      record.document?.sha256 ?? '',
      record.approver ?? '',
      record.operator,
      record.purpose ?? '',
      record.output ?? '',
      translate('zh-CN', `audit.method.${record.method}`),
    ]);
  return [
    ...report.seals.flatMap((seal) => rows('seal', seal.uses)),
    ...rows('printing', report.printing),
    ...rows('custody', report.custody),
  ];
}

/** 盖章, 盖章/骑缝章/锁定: the act as 审计 names it. */
export function actText(record: AuditRecord): string {
  const words = [translate('zh-CN', `audit.kind.${record.kind}`)];
  if (record.crossPage) words.push(translate('zh-CN', 'audit.crossPage'));
  if (record.final) words.push(translate('zh-CN', 'audit.final'));
  return words.join('/');
}
