import { useEffect } from 'react';
import type { MessageKey, MessageParams } from '../../../../shared/i18n/index.ts';
import { formatAgo, formatDateTime, formatDaysLeft, formatMonth } from '../../../../shared/i18n/time.ts';
import type { ReportPeriod } from '../../../../shared/model/audit-report.ts';
import type { AwaitingApproval } from '../../../../shared/model/approval-request.ts';
import type { AuditEntry } from '../../../../shared/model/audit.ts';
import type { ApplicationSummary } from '../../../../shared/model/application.ts';
import type { CertificateStatus } from '../../../../shared/model/certificate-status.ts';
import type { SyncStatus } from '../../../../shared/model/sync.ts';
import { pinRotationDue, type Token } from '../../../../shared/model/token.ts';
import { useApi } from '../../api/context.tsx';
import { fileName } from '../../files.ts';
import type { Section } from '../../components/Nav.tsx';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';

/** A certificate this close to its end is on the overview: renewal through the center takes weeks. */
const EXPIRY_NOTICE_DAYS = 60;

/**
 * Where an item's button leads: another section, a token's certificates, a token's card on this page, or
 * 签发与盖章 with a file chosen — to seal it, to approve it, or to ask for its approval again.
 */
export type Destination =
  { section: Section } | { certificates: string } | { token: string } | { seal: string } | { approve: string } | { request: string };

interface Item {
  key: string;
  severity: 'bad' | 'warn' | 'info';
  text: string;
  action: string;
  to: Destination;
}

interface Props {
  tokens: readonly Token[];
  onGo: (to: Destination) => void;
}

/**
 * 首页's first answer: what needs doing, most urgent first — certificates running out or revoked,
 * PINs to change, locked keys, submissions the center returned or refused, the outbox, documents
 * sent for approval and not approved, documents approved and not yet sealed — each with
 * the button that leads to where it is done. What cannot be read (a locked store) is simply not listed.
 */
export function Overview({ tokens, onGo }: Props) {
  const api = useApi();
  const { t, locale } = useT();
  const serials = tokens.map((token) => token.serial).join(',');
  const statuses = useCall(
    () => Promise.all(tokens.map(async (token) => ({ token, status: await api.call('certs.status', { serial: token.serial }) }))),
    [serials],
  );
  const sync = useCall(() => api.call('sync.status', {}), [api]);
  const applications = useCall(() => api.call('applications.list', {}), [api]);
  const reportDue = useCall(() => api.call('audit.reportDue', {}), [api]);
  // Read through the vault: while it is locked the call fails and the item is simply not listed.
  const awaitingSeal = useCall(() => api.call('audit.awaitingSeal', {}), [api]);
  const awaitingApproval = useCall(() => api.call('audit.awaitingApproval', {}), [api]);
  // What the center answered changes the list while it is open.
  const { reload: reloadSync } = sync;
  const { reload: reloadApplications } = applications;
  useEffect(
    () =>
      api.on('sync.updated', () => {
        reloadSync();
        reloadApplications();
      }),
    [api, reloadSync, reloadApplications],
  );

  const items: Item[] = [
    ...(statuses.data ?? []).flatMap(({ token, status }) =>
      status.certificates.flatMap((certificate) => certificateItem(certificate, token, t, (days) => formatDaysLeft(locale, days))),
    ),
    ...tokens.flatMap((token) => pinItems(token, t)),
    ...returnedItems(applications.data ?? [], sync.data, t),
    ...outboxItems(sync.data, t),
    ...reportItems(reportDue.data?.period ?? null, t, (day) => formatMonth(locale, day)),
    ...awaitingApprovalItems(awaitingApproval.data ?? [], t, (time) => formatAgo(locale, time)),
    ...awaitingSealItems(awaitingSeal.data ?? [], t, (time) => formatDateTime(locale, time)),
  ];
  return (
    <section className="overview" aria-labelledby="overview-title">
      <h2 id="overview-title">{t('overview.title')}</h2>
      {items.length === 0 ? (
        <p className="empty">{statuses.loading ? t('common.loading') : t('overview.nothing')}</p>
      ) : (
        <ol className="overview-items" data-testid="overview">
          {items.map((item) => (
            <li key={item.key} className={`overview-item overview-${item.severity}`}>
              <span>{item.text}</span>
              <button type="button" onClick={() => onGo(item.to)}>
                {item.action}
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

type Say = (key: MessageKey, params?: MessageParams) => string;

function certificateItem(status: CertificateStatus, token: Token, say: Say, daysLeft: (days: number) => string): Item[] {
  const base = { key: `cert-${status.fingerprint}`, action: say('overview.openCertificates'), to: { certificates: token.serial } };
  if (status.revocation.status === 'revoked') {
    return [{ ...base, severity: 'bad', text: say('overview.certRevoked', { label: status.label }) }];
  }
  if (status.validity === 'expired' || status.daysLeft <= EXPIRY_NOTICE_DAYS) {
    const severity = status.validity === 'valid' ? 'info' : status.validity === 'expiring' ? 'warn' : 'bad';
    return [{ ...base, severity, text: say('overview.certExpiring', { label: status.label, when: daysLeft(status.daysLeft) }) }];
  }
  return [];
}

function pinItems(token: Token, say: Say): Item[] {
  const to = { token: token.serial };
  if (token.pinStates.includes('locked')) {
    return [
      {
        key: `locked-${token.serial}`,
        severity: 'bad',
        text: say('overview.pinLocked', { label: token.label }),
        action: say('overview.unlock'),
        to,
      },
    ];
  }
  if (token.pinStates.includes('toBeChanged')) {
    const text = say('overview.pinInitial', { label: token.label });
    return [{ key: `pin-${token.serial}`, severity: 'bad', text, action: say('overview.changePin'), to }];
  }
  if (pinRotationDue(token)) {
    const text = say('overview.pinRotation', { label: token.label });
    return [{ key: `pin-${token.serial}`, severity: 'warn', text, action: say('overview.changePin'), to }];
  }
  return [];
}

/** Applications the center returned (a draft again, with its reason) and submissions it refused for good. */
function returnedItems(applications: readonly ApplicationSummary[], sync: SyncStatus | null, say: Say): Item[] {
  const returned = applications
    .filter((a) => a.state === 'draft' && a.center?.status === 'returned')
    .map<Item>((a) => ({
      key: `returned-${a.id}`,
      severity: 'warn',
      text: say('overview.returned', { title: a.formTitle, reason: a.center?.reason ?? '-' }),
      action: say('overview.openApplications'),
      to: { section: 'applications' },
    }));
  const refused = (sync?.items ?? [])
    .filter((item) => item.state === 'rejected')
    .map<Item>((item) => ({
      key: `rejected-${item.id}`,
      severity: 'warn',
      text: say('overview.rejected', { title: item.title }),
      action: say('overview.openSync'),
      to: { section: 'sync' },
    }));
  return [...returned, ...refused];
}

function outboxItems(sync: SyncStatus | null, say: Say): Item[] {
  const waiting = (sync?.items ?? []).filter((item) => item.state === 'pending').length;
  if (waiting === 0) return [];
  return [
    {
      key: 'outbox',
      severity: 'info',
      text: say('overview.outbox', { count: waiting }),
      action: say('overview.openSync'),
      to: { section: 'sync' },
    },
  ];
}

/** The month that closed without its usage report (签章和打印汇总表) being sent. */
function reportItems(period: ReportPeriod | null, say: Say, month: (day: Date) => string): Item[] {
  if (period === null) return [];
  const [y = 0, m = 1] = period.from.split('-').map(Number);
  return [
    {
      key: `report-${period.from}`,
      severity: 'warn',
      text: say('overview.reportDue', { period: month(new Date(y, m - 1, 1)) }),
      action: say('overview.reportDue.action'),
      to: { section: 'audit' },
    },
  ];
}

/**
 * Documents sent for approval (送签发) and not approved since, with who was asked and how long ago: the
 * approver at a USBKey here approves it at once (去签发); otherwise the request can be sent again, and a
 * file changed or gone since is looked at first.
 */
function awaitingApprovalItems(requests: readonly AwaitingApproval[], say: Say, ago: (time: string) => string): Item[] {
  return requests.map((request) => {
    const params = { name: request.name, approver: request.approver, since: ago(request.since) };
    const base = { key: `awaiting-approval-${request.line}`, to: { request: request.path } };
    if (request.state !== 'waiting') {
      const text = say(`overview.awaitingApproval.${request.state}`, params);
      return { ...base, severity: 'warn', text, action: say('overview.view') };
    }
    const text = say('overview.awaitingApproval', params);
    if (request.approverHere) return { ...base, severity: 'info', text, action: say('overview.goApprove'), to: { approve: request.path } };
    return { ...base, severity: 'info', text, action: say('overview.requestAgain') };
  });
}

/** Documents approved (签发) and not sealed since, as the service found them in the last days of the ledger. */
function awaitingSealItems(approvals: readonly AuditEntry[], say: Say, when: (time: string) => string): Item[] {
  return approvals.map(({ line, record }) => ({
    key: `awaiting-seal-${line}`,
    severity: 'info',
    text: say('overview.awaitingSeal', {
      name: fileName(record.output ?? ''),
      approver: record.approver ?? record.operator,
      time: when(record.time),
    }),
    action: say('overview.openSeals'),
    // The approved file is the one to seal: 去盖章 opens 盖章 with it chosen.
    to: { seal: record.output ?? '' },
  }));
}
