import { useMemo, useState } from 'react';
import { filterAuditEntries, type AuditChain, type AuditFilter, type AuditLedger } from '../../../../shared/model/audit.ts';
import { useApi } from '../../api/context.tsx';
import { CallState } from '../../components/CallState.tsx';
import { VaultGate } from '../../components/VaultGate.tsx';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';
import { AuditChart } from './AuditChart.tsx';
import { AuditFilters } from './AuditFilters.tsx';
import { AuditIntegrityNotes } from './AuditIntegrityNotes.tsx';
import { AuditTable } from './AuditTable.tsx';
import { ReportSection } from './ReportSection.tsx';
import type { Token } from '../../../../shared/model/token.ts';

/** 审计: the ledger of every act, whether its chain holds, filters, a chart of seal uses per month. Read through the vault. */
export function AuditScreen({ tokens }: { tokens: readonly Token[] }) {
  const { t } = useT();
  return (
    <section className="audit">
      <h2>{t('nav.audit')}</h2>
      <VaultGate>
        <AuditView />
        <ReportSection tokens={tokens} />
      </VaultGate>
    </section>
  );
}

function AuditView() {
  const api = useApi();
  const loaded = useCall(() => api.call('audit.ledger', {}), [api]);
  if (loaded.data === null) return <CallState call={loaded} />;
  return <LedgerView ledger={loaded.data} />;
}

function LedgerView({ ledger }: { ledger: AuditLedger }) {
  const { t } = useT();
  const [filter, setFilter] = useState<AuditFilter>({});
  const shown = useMemo(() => filterAuditEntries(ledger.entries, filter), [ledger.entries, filter]);
  return (
    <>
      <ChainHeader chain={ledger.chain} />
      <AuditIntegrityNotes integrity={ledger.integrity} />
      {ledger.problems.length > 0 && <Problems ledger={ledger} />}
      {ledger.entries.length === 0 ? (
        <p className="empty">{t('audit.empty')}</p>
      ) : (
        <>
          <AuditFilters entries={ledger.entries} filter={filter} onChange={setFilter} />
          <AuditChart entries={shown} />
          <p className="hint">{t('audit.count', { shown: shown.length, total: ledger.entries.length })}</p>
          <AuditTable entries={shown} />
        </>
      )}
    </>
  );
}

/** Says whether the chain holds and since when the ledger is kept, or the first line that breaks it. */
function ChainHeader({ chain }: { chain: AuditChain }) {
  const { t, dateTime } = useT();
  if (chain.firstBroken !== null) {
    const reason = t(`audit.break.${chain.firstBroken.reason}`);
    return (
      <p className="banner banner-error" role="alert">
        {t('audit.broken', { line: chain.firstBroken.line, reason })}
      </p>
    );
  }
  if (chain.since === null) return null;
  return (
    <p className="banner audit-intact" role="status">
      {t('audit.intactSince', { since: dateTime(chain.since), count: chain.records })}
    </p>
  );
}

function Problems({ ledger }: { ledger: AuditLedger }) {
  const { t } = useT();
  return (
    <ul className="audit-problems">
      {ledger.problems.map((problem) => (
        <li key={`${problem.line}-${problem.reason}`}>
          {t('audit.problem', { line: problem.line, reason: t(`audit.break.${problem.reason}`) })}
        </li>
      ))}
    </ul>
  );
}
