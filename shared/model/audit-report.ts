import { z } from 'zod';

/**
 * The period a usage report (签章和打印汇总表) covers: whole local days, from and to included, as the
 * custodian names them (a month, a quarter, a year, or any two days).
 */
export const ReportPeriodSchema = z
  .object({ from: z.iso.date(), to: z.iso.date() })
  .strict()
  .refine((period) => period.from <= period.to, { message: 'from must not be after to' });
export type ReportPeriod = z.infer<typeof ReportPeriodSchema>;

export const REPORT_SPANS = ['month', 'quarter', 'year'] as const;
export type ReportSpan = (typeof REPORT_SPANS)[number];

/** A local day as YYYY-MM-DD (never through toISOString, which would give UTC's day). */
export function localDay(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The month, quarter or year that holds `day`. */
export function periodOf(span: ReportSpan, day: Date): ReportPeriod {
  const year = day.getFullYear();
  const firstMonth = span === 'month' ? day.getMonth() : span === 'quarter' ? day.getMonth() - (day.getMonth() % 3) : 0;
  const months = span === 'month' ? 1 : span === 'quarter' ? 3 : 12;
  return { from: localDay(new Date(year, firstMonth, 1)), to: localDay(new Date(year, firstMonth + months, 0)) };
}

/** The last period of `span` that has closed before `now`: in December, November (or the third quarter, or last year). */
export function lastClosedPeriod(span: ReportSpan, now: Date): ReportPeriod {
  const start = periodOf(span, now).from;
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  return periodOf(span, new Date(y, m - 1, d - 1));
}

/** Whether a report for `report` also answers for `period` (a quarter's report covers each of its months). */
export function periodCovers(report: ReportPeriod, period: ReportPeriod): boolean {
  return report.from <= period.from && report.to >= period.to;
}

/** How the printed report names its period: 2026年11月, 2026年第四季度, 2026年度, or 2026年11月3日至2026年12月1日. */
export function periodTitle(period: ReportPeriod): string {
  const [fy, fm, fd] = period.from.split('-').map(Number) as [number, number, number];
  const start = new Date(fy, fm - 1, fd);
  for (const span of REPORT_SPANS) {
    const whole = periodOf(span, start);
    if (whole.from !== period.from || whole.to !== period.to) continue;
    if (span === 'month') return `${fy}年${fm}月`;
    if (span === 'quarter') return `${fy}年第${'一二三四'[(fm - 1) / 3]}季度`;
    return `${fy}年度`;
  }
  const [ty, tm, td] = period.to.split('-').map(Number) as [number, number, number];
  return `${fy}年${fm}月${fd}日至${ty}年${tm}月${td}日`;
}

/** Where a mark's centre goes, in mm from the page's top-left corner, as 盖章 places it. */
export const MarkSpotSchema = z.object({ page: z.number().int().min(1), xMm: z.number(), yMm: z.number() }).strict();

/** A report made on 审计: its files, what it counts, and where its approval and seal go. */
export const UsageReportMadeSchema = z
  .object({
    title: z.string(),
    pdf: z.string(),
    csv: z.string(),
    xlsx: z.string(),
    uses: z.number().int().min(0),
    printing: z.number().int().min(0),
    custody: z.number().int().min(0),
    seal: MarkSpotSchema,
    approval: MarkSpotSchema,
  })
  .strict();
export type UsageReportMade = z.infer<typeof UsageReportMadeSchema>;
