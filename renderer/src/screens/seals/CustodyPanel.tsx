import { Fragment, useState } from 'react';
import type { CustodyEntry } from '../../../../shared/model/custody.ts';
import type { TokenCertificate } from '../../../../shared/model/certificate.ts';
import type { Token } from '../../../../shared/model/token.ts';
import { useApi } from '../../api/context.tsx';
import { downloadFile } from '../../api/download.ts';
import { CallState } from '../../components/CallState.tsx';
import { CertificateFacts } from '../../components/CertificateFacts.tsx';
import { DateTimeInput } from '../../components/DateTimeInput.tsx';
import { Sheet } from '../../components/Sheet.tsx';
import { StatusMessage } from '../../components/StatusMessage.tsx';
import { useAction } from '../../components/useAction.ts';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';

/** A personal certificate on a connected USBKey, as the selectors offer it. */
interface Holder {
  serial: string;
  tokenLabel: string;
  certificate: TokenCertificate;
}

/**
 * 代管 on the 印章 page, where the custodian looks for the seal: who holds it now and until when, the
 * handover to a stand-in (approved and signed on three USBKeys), and taking it back.
 */
export function CustodyPanel({ tokens }: { tokens: readonly Token[] }) {
  const api = useApi();
  const { t, dateTime } = useT();
  const status = useCall(() => api.call('custody.status', {}), [api]);
  const action = useAction();
  if (status.data === null) return <CallState call={status} />;
  const current = status.data.entries.find((e) => e.state === 'active' || e.state === 'scheduled');
  return (
    <div className="custody">
      <p>{t('custody.intro')}</p>
      <CustodyTable entries={status.data.entries} />
      {current !== undefined && (
        <button
          type="button"
          disabled={action.busy}
          onClick={() =>
            void action.run(
              () => api.call('custody.return', {}),
              (entry) => {
                status.reload();
                return t('custody.returned', {
                  standIn: entry.delegation.standIn.name,
                  returnedAt: entry.returnedAt === null ? '' : dateTime(entry.returnedAt),
                  pdf: entry.returnPdf ?? '',
                });
              },
            )
          }
        >
          {t('custody.takeBack')}
        </button>
      )}
      {current === undefined && <DelegateForm tokens={tokens} action={action} onDone={status.reload} />}
      <StatusMessage status={action.status} />
    </div>
  );
}

function CustodyTable({ entries }: { entries: readonly CustodyEntry[] }) {
  const api = useApi();
  const { t, dateTime } = useT();
  if (entries.length === 0) return <p>{t('custody.none')}</p>;
  return (
    <table data-testid="custody-table">
      <thead>
        <tr>
          {(['state', 'standIn', 'period', 'reason', 'approver', 'seals', 'handover'] as const).map((col) => (
            <th key={col}>{t(`custody.col.${col}`)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {entries.map(({ delegation, state, handoverPdf }) => (
          <tr key={delegation.id}>
            <td>{t(`custody.state.${state}`)}</td>
            <td>{delegation.standIn.name}</td>
            <td>{t('custody.period', { from: dateTime(delegation.from), until: dateTime(delegation.until) })}</td>
            <td>{delegation.reason}</td>
            <td>{delegation.approver.name}</td>
            <td>{delegation.seals.map((s) => s.name).join('、')}</td>
            <td>
              <button type="button" onClick={() => void downloadFile(api, handoverPdf)}>
                {t('custody.col.handover')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Local date and time inputs, as the office's clock shows them; sent as instants. */
/** The panel's `action`: its outcome stays shown once the form gives way to the delegation it made. */
function DelegateForm({ tokens, action, onDone }: { tokens: readonly Token[]; action: ReturnType<typeof useAction>; onDone: () => void }) {
  const api = useApi();
  const { t, dateTime } = useT();
  const holders = useCall(async () => personalCertificates(api, tokens), [api, tokens]);
  const [standIn, setStandIn] = useState('');
  const [approver, setApprover] = useState('');
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [pendingWork, setPendingWork] = useState('');
  const [asking, setAsking] = useState(false);
  if (holders.data === null) return <CallState call={holders} />;
  const byKey = new Map(holders.data.map((h) => [`${h.serial}/${h.certificate.fingerprintSha256}`, h]));
  const ref = (key: string) => {
    const holder = byKey.get(key);
    return holder && { serial: holder.serial, certificate: holder.certificate.fingerprintSha256 };
  };
  const chosen = { standIn: ref(standIn), approver: ref(approver) };
  const ready = chosen.standIn !== undefined && chosen.approver !== undefined && from !== '' && until !== '' && reason.trim() !== '';
  const submit = () => {
    setAsking(false);
    if (chosen.standIn === undefined || chosen.approver === undefined) return;
    const request = {
      standIn: chosen.standIn,
      approver: chosen.approver,
      from: new Date(from).toISOString(),
      until: new Date(until).toISOString(),
      reason: reason.trim(),
      pendingWork,
    };
    void action.run(
      () => api.call('custody.delegate', request),
      ({ delegation, handoverPdf }) => {
        onDone();
        return t('custody.delegated', {
          standIn: delegation.standIn.name,
          from: dateTime(delegation.from),
          until: dateTime(delegation.until),
          seals: delegation.seals.map((s) => s.name).join('、'),
          pdf: handoverPdf,
        });
      },
    );
  };
  const select = (name: string, value: string, set: (v: string) => void) => (
    <select name={name} value={value} onChange={(e) => set(e.target.value)}>
      <option value="">{t('custody.choose')}</option>
      {holders.data?.map((h) => (
        <option key={`${h.serial}/${h.certificate.fingerprintSha256}`} value={`${h.serial}/${h.certificate.fingerprintSha256}`}>
          {h.certificate.subject.commonName ?? h.certificate.label} ({h.tokenLabel})
        </option>
      ))}
    </select>
  );
  return (
    <form
      className="custody-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) setAsking(true);
      }}
    >
      <label>
        {t('custody.standIn')} {select('standIn', standIn, setStandIn)}
      </label>
      <label>
        {t('custody.approver')} {select('approver', approver, setApprover)}
      </label>
      <label>
        {t('custody.from')} <DateTimeInput name="from" onChange={setFrom} />
      </label>
      <label>
        {t('custody.until')} <DateTimeInput name="until" onChange={setUntil} />
      </label>
      <label>
        {t('custody.reason')} <input name="reason" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
      </label>
      <label>
        {t('custody.pendingWork')}{' '}
        <textarea name="pendingWork" value={pendingWork} maxLength={2000} onChange={(e) => setPendingWork(e.target.value)} />
      </label>
      <p>{t('custody.loginAll')}</p>
      <button type="submit" disabled={!ready || action.busy}>
        {t('custody.delegate')}
      </button>
      {asking && (
        <Sheet
          title={t('custody.sheet.title')}
          confirmLabel={t('custody.delegate')}
          canConfirm
          onConfirm={submit}
          onCancel={() => setAsking(false)}
        >
          <dl className="sheet-facts">
            {(
              [
                ['custody.standIn', byKey.get(standIn)],
                ['custody.approver', byKey.get(approver)],
              ] as const
            ).map(([label, holder]) => (
              <Fragment key={label}>
                <dt>{t(label)}</dt>
                <dd>{holder && <CertificateFacts certificate={holder.certificate} tokenLabel={holder.tokenLabel} />}</dd>
              </Fragment>
            ))}
            <dt>{t('custody.col.period')}</dt>
            <dd>{t('custody.period', { from: dateTime(new Date(from)), until: dateTime(new Date(until)) })}</dd>
            <dt>{t('custody.reason')}</dt>
            <dd>{reason.trim()}</dd>
          </dl>
          <p className="consequence" data-testid="consequence">
            {t('custody.sheet.consequence')}
          </p>
        </Sheet>
      )}
    </form>
  );
}

async function personalCertificates(api: ReturnType<typeof useApi>, tokens: readonly Token[]): Promise<Holder[]> {
  const listings = await Promise.all(
    tokens.map(async (token) => ({ token, listing: await api.call('tokens.certificates', { serial: token.serial }) })),
  );
  return listings.flatMap(({ token, listing }) =>
    listing.certificates
      .filter((c) => c.kind === 'personal' && c.hasPrivateKey)
      .map((certificate) => ({ serial: token.serial, tokenLabel: token.label, certificate })),
  );
}
