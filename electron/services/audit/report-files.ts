import { join } from 'node:path';
import type { AuditLedger } from '../../../shared/model/audit.ts';
import { periodTitle, type ReportPeriod } from '../../../shared/model/audit-report.ts';
import { writeFileAtomic } from '../platform/index.ts';
import type { MarkSpot } from '../print/document.ts';
import { printUsageReport, USAGE_REPORT_TITLE } from '../print/usage-report-pdf.ts';
import { reportRows, usageReport } from './report.ts';
import { writeReportCsv, writeReportXlsx } from './report-export.ts';

/** Where 审计 writes the reports it makes, and the only folder the web shell's 下载 serves their CSV and workbook from. */
export function reportsFolder(dataDir: string): string {
  return join(dataDir, 'reports');
}

export interface ReportOutputs {
  pdf: string;
  csv?: string | undefined;
  xlsx?: string | undefined;
}

/** What a made report holds, as the CLI and 审计 tell the custodian. */
export interface ReportSummary {
  title: string;
  /** Where to seal the report (the custodian's seal area on its last page) and where the approval fits beside it. */
  seal: MarkSpot;
  approval: MarkSpot;
  uses: number;
  printing: number;
  custody: number;
  rows: number;
}

/** Composes the usage report for `period` from the ledger and writes the PDF and the exports asked for. */
export async function writeUsageReport(
  ledger: AuditLedger,
  period: ReportPeriod,
  outputs: ReportOutputs,
  context: { unit: string | null; now: Date },
): Promise<ReportSummary> {
  const report = usageReport(ledger, period, context);
  const { pdf, seal, approval } = printUsageReport(report);
  writeFileAtomic(outputs.pdf, pdf);
  const rows = reportRows(report);
  if (outputs.csv !== undefined) writeReportCsv(outputs.csv, rows);
  if (outputs.xlsx !== undefined) await writeReportXlsx(outputs.xlsx, rows, periodTitle(period));
  return {
    title: `${USAGE_REPORT_TITLE}（${periodTitle(period)}）`,
    seal,
    approval,
    uses: report.seals.reduce((sum, seal) => sum + seal.uses.length, 0),
    printing: report.printing.length,
    custody: report.custody.length,
    rows: rows.length,
  };
}
