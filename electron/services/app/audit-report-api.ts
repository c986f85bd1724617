import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Handlers } from '../../../shared/api/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { lastClosedPeriod, localDay, periodCovers, periodTitle } from '../../../shared/model/audit-report.ts';
import type { Ledger } from '../audit/index.ts';
import { reportsFolder, writeUsageReport } from '../audit/report-files.ts';
import { USAGE_REPORT_TITLE } from '../print/usage-report-pdf.ts';
import type { SettingsStore } from '../settings/index.ts';
import type { NewOutboxItem } from '../sync/index.ts';
import type { OpenWorkspace } from './sync-api.ts';

type ReportMethods = 'audit.report' | 'audit.sendReport' | 'audit.reportDue';

/** 审计's 生成汇总表 and 首页's reminder: the usage report made from the ledger, and sent through the outbox. */
export class AuditReportApi {
  constructor(
    private readonly options: {
      dataDir: string;
      settings: SettingsStore;
      ledger: Ledger;
      /** The unlocked vault, or null while it is locked: the ledger and the outbox are read through it. */
      workspace: () => OpenWorkspace | null;
      enqueue: (item: NewOutboxItem) => Promise<void>;
      now?: () => Date;
    },
  ) {}

  #open(): OpenWorkspace {
    const workspace = this.options.workspace();
    if (workspace === null) throw new AppError('VAULT_LOCKED');
    return workspace;
  }

  readonly handlers: Pick<Handlers, ReportMethods> = {
    'audit.report': async ({ period }) => {
      const ledger = this.options.ledger.read(this.#open().vault);
      const title = `${USAGE_REPORT_TITLE}（${periodTitle(period)}）`;
      const base = join(reportsFolder(this.options.dataDir), title);
      const files = { pdf: `${base}.pdf`, csv: `${base}.csv`, xlsx: `${base}.xlsx` };
      const unit = this.options.settings.read().centerEnrolment?.unitName ?? null;
      const made = await writeUsageReport(ledger, period, files, { unit, now: this.#now() });
      return {
        ...files,
        title: made.title,
        uses: made.uses,
        printing: made.printing,
        custody: made.custody,
        seal: made.seal,
        approval: made.approval,
      };
    },
    'audit.sendReport': async ({ path, period }) => {
      const title = `${USAGE_REPORT_TITLE}（${periodTitle(period)}）`;
      const id = `report-${createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 24)}`;
      if (!this.#open().applications.outbox.has(id)) await this.options.enqueue({ id, kind: 'usage-report', title, source: path, period });
      return { title };
    },
    'audit.reportDue': async () => {
      const workspace = this.options.workspace();
      if (workspace === null) return null;
      const period = lastClosedPeriod('month', this.#now());
      const reported = workspace.applications.outbox
        .list()
        .some((item) => item.kind === 'usage-report' && item.period !== null && periodCovers(item.period, period));
      if (reported) return null;
      // A ledger begun after the month closed has nothing to report for it.
      const since = this.options.ledger.read(workspace.vault).chain.since;
      return since !== null && localDay(new Date(since)) <= period.to ? { period } : null;
    },
  };

  #now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
