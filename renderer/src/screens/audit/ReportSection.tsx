import { useState } from 'react';
import { fromWireError } from '../../../../shared/errors.ts';
import {
  lastClosedPeriod,
  periodOf,
  ReportPeriodSchema,
  type ReportPeriod,
  type ReportSpan,
  type UsageReportMade,
} from '../../../../shared/model/audit-report.ts';
import { formatMonth, todayAsCalendarDay } from '../../../../shared/i18n/time.ts';
import type { Token } from '../../../../shared/model/token.ts';
import { useApi } from '../../api/context.tsx';
import { DateInput } from '../../components/DateInput.tsx';
import { downloadFile } from '../../api/download.ts';
import { useAction } from '../../components/useAction.ts';
import { StatusMessage } from '../../components/StatusMessage.tsx';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';
import { runSealing } from '../seals/runSealing.ts';
import { SealSheet, type SealAct } from '../seals/SealSheet.tsx';
import { useImpression } from '../seals/useImpression.ts';

const SPANS = ['month', 'quarter', 'year', 'custom'] as const;
type Span = (typeof SPANS)[number];
/** The seal's usual size on an A4 page. */
const SEAL_MM = 42;

/** A YYYY-MM value of a month field as the first day of that month. */
function monthStart(value: string): Date {
  const [y = 0, m = 1] = value.split('-').map(Number);
  return new Date(y, m - 1, 1);
}

/** The months a report is made for, newest first (YYYY-MM): three years back from this one, named in words instead of the browser's month field. */
function recentMonths(now: Date): string[] {
  return Array.from({ length: 36 }, (_, back) => todayAsCalendarDay(new Date(now.getFullYear(), now.getMonth() - back, 1)).slice(0, 7));
}

/**
 * 生成汇总表 on 审计: pick a period (the month that closed last by default), make the report, then the
 * next steps in order — approve, seal, send — each act confirmed on the signing sheet.
 */
export function ReportSection({ tokens }: { tokens: readonly Token[] }) {
  const api = useApi();
  const { t, locale } = useT();
  const closed = lastClosedPeriod('month', new Date());
  const [span, setSpan] = useState<Span>('month');
  const [month, setMonth] = useState(closed.from.slice(0, 7));
  const [custom, setCustom] = useState<ReportPeriod>(closed);
  const [made, setMade] = useState<{ report: UsageReportMade; period: ReportPeriod } | null>(null);
  const making = useAction();
  const period = span === 'custom' ? custom : periodOf(span satisfies ReportSpan, monthStart(month));
  const valid = ReportPeriodSchema.safeParse(period).success;

  const make = async (): Promise<void> => {
    setMade(null);
    const report = await making.run(
      () => api.call('audit.report', { period }),
      (r) => t('audit.report.made', { title: r.title, uses: r.uses, printing: r.printing, custody: r.custody }),
    );
    if (report !== null) setMade({ report, period });
  };
  return (
    <section className="audit-report" aria-labelledby="audit-report-title">
      <h3 id="audit-report-title">{t('audit.report.title')}</h3>
      <p className="hint">{t('audit.report.intro')}</p>
      <form className="audit-report-period" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('audit.report.span')}
          <select name="span" value={span} onChange={(e) => setSpan(e.target.value as Span)}>
            {SPANS.map((s) => (
              <option key={s} value={s}>
                {t(`audit.report.span.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {span === 'custom' ? (
          <>
            <label>
              {t('audit.filter.from')}
              <DateInput name="reportFrom" value={custom.from} onChange={(from) => setCustom({ ...custom, from })} />
            </label>
            <label>
              {t('audit.filter.to')}
              <DateInput name="reportTo" value={custom.to} onChange={(to) => setCustom({ ...custom, to })} />
            </label>
          </>
        ) : (
          <label>
            {t(span === 'month' ? 'audit.report.span.month' : 'audit.report.within')}
            <select name="reportMonth" value={month} onChange={(e) => setMonth(e.target.value)}>
              {recentMonths(new Date()).map((value) => (
                <option key={value} value={value}>
                  {formatMonth(locale, monthStart(value))}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" disabled={!valid || making.busy} onClick={() => void make()}>
          {t('audit.report.make')}
        </button>
      </form>
      {making.busy && (
        <p role="status" className="hint">
          <progress /> {t('audit.report.making')}
        </p>
      )}
      <StatusMessage status={making.status} />
      {made !== null && (
        <>
          <p className="hint mono">{t('audit.report.files', { pdf: made.report.pdf, csv: made.report.csv, xlsx: made.report.xlsx })}</p>
          <button type="button" onClick={() => void downloadFile(api, made.report.pdf)}>
            {t('audit.report.download')}
          </button>
          {api.streamsFiles && (
            <>
              <button type="button" onClick={() => void downloadFile(api, made.report.csv)}>
                {t('audit.report.downloadCsv')}
              </button>
              <button type="button" onClick={() => void downloadFile(api, made.report.xlsx)}>
                {t('audit.report.downloadXlsx')}
              </button>
            </>
          )}
          <ReportSteps key={made.report.pdf} made={made.report} period={made.period} tokens={tokens} />
        </>
      )}
    </section>
  );
}

/** 签发, then 盖章 on the seal area the report leaves for it, then 报送: each step opens once the one before is done. */
function ReportSteps({ made, period, tokens }: { made: UsageReportMade; period: ReportPeriod; tokens: readonly Token[] }) {
  const api = useApi();
  const { t } = useT();
  const seals = useCall(() => api.call('seals.list', {}), [api]);
  const seal = seals.data?.[0];
  const listing = useCall(
    async () => (seal === undefined ? null : api.call('tokens.certificates', { serial: seal.tokenSerial })),
    [api, seal?.tokenSerial],
  );
  const image = useImpression(seal?.certificate.fingerprintSha256 ?? null);
  const approver = listing.data?.certificates.find((c) => c.kind === 'personal' && c.hasPrivateKey);
  const token = tokens.find((tk) => tk.serial === seal?.tokenSerial);
  const [approved, setApproved] = useState<string | null>(null);
  const [sealed, setSealed] = useState<string | null>(null);
  const [asking, setAsking] = useState<SealAct | null>(null);
  const step = useAction();

  const act = (action: SealAct['action'], input: string): SealAct => {
    const spot = action === 'approve' ? made.approval : made.seal;
    return {
      action,
      inputs: [input],
      page: spot.page,
      spot: { xMm: spot.xMm, yMm: spot.yMm, widthMm: SEAL_MM },
      crossPage: false,
      final: false,
    };
  };
  const confirm = async (current: SealAct, pin: string | null): Promise<void> => {
    setAsking(null);
    const certificate = current.action === 'approve' ? approver : seal?.certificate;
    const output = await step.run(
      async () => {
        const [outcome] = await runSealing(
          api,
          {
            ...current,
            ...current.spot,
            serial: seal?.tokenSerial ?? '',
            certificate: certificate?.fingerprintSha256 ?? '',
            pin,
            field: null,
            allowOverlap: false,
            // The report was composed again just now, replacing its earlier copy; its approved and sealed
            // copies follow it beside it rather than asking about the ones made from the old copy.
            overwrite: true,
            outDir: null,
          },
          () => undefined,
        );
        if (outcome?.error) throw fromWireError(outcome.error);
        return outcome?.output ?? '';
      },
      (path) => t(current.action === 'approve' ? 'audit.report.approved' : 'audit.report.sealed', { path }),
    );
    if (output !== null) (current.action === 'approve' ? setApproved : setSealed)(output);
  };
  const send = (path: string) =>
    step.run(
      () => api.call('audit.sendReport', { path, period }),
      ({ title }) => t('audit.report.sent', { title }),
    );
  const askingCertificate = asking && (asking.action === 'approve' ? approver : seal?.certificate);
  return (
    <div className="audit-report-steps">
      <p className="hint">{t('audit.report.next')}</p>
      <div className="actions">
        <button
          type="button"
          disabled={step.busy || approver === undefined || approved !== null}
          onClick={() => setAsking(act('approve', made.pdf))}
        >
          {t('audit.report.approve')}
        </button>
        <button
          type="button"
          disabled={step.busy || approved === null || sealed !== null}
          onClick={() => approved && setAsking(act('seal', approved))}
        >
          {t('audit.report.seal')}
        </button>
        <button type="button" disabled={step.busy || sealed === null} onClick={() => sealed && void send(sealed)}>
          {t('audit.report.send')}
        </button>
      </div>
      {step.busy && <p role="status">{t('audit.report.working')}</p>}
      <StatusMessage status={step.status} />
      {asking && askingCertificate && token && (
        <SealSheet
          act={asking}
          certificate={askingCertificate}
          token={token}
          image={image}
          onConfirm={(pin) => void confirm(asking, pin)}
          onCancel={() => setAsking(null)}
        />
      )}
    </div>
  );
}
