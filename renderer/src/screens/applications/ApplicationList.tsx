import { useState } from 'react';
import { fromWireError } from '../../../../shared/errors.ts';
import type { ApplicationSummary } from '../../../../shared/model/application.ts';
import { useApi } from '../../api/context.tsx';
import { CallState } from '../../components/CallState.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { StatusMessage, type Status } from '../../components/StatusMessage.tsx';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';
import { StateBadge } from './StateBadge.tsx';
import { useCatalog } from './catalog.tsx';

type StateFilter = 'all' | 'draft' | 'queued' | 'signed';

interface Filters {
  text: string;
  formId: string;
  state: StateFilter;
  from: string;
  to: string;
}

function matches(item: ApplicationSummary, filters: Filters): boolean {
  const text = filters.text.trim();
  const day = item.updatedAt.slice(0, 10);
  const state = item.state === 'draft' ? 'draft' : item.queued ? 'queued' : 'signed';
  return (
    (text === '' || `${item.formTitle} ${item.applicant}`.includes(text)) &&
    (filters.formId === '' || item.formId === filters.formId) &&
    (filters.state === 'all' || filters.state === state) &&
    (filters.from === '' || day >= filters.from) &&
    (filters.to === '' || day <= filters.to)
  );
}

/** Every application on this computer, newest first; search, filter by type, state and date; delete drafts after asking. */
export function ApplicationList({ onOpen, onNew }: { onOpen: (id: string) => void; onNew: () => void }) {
  const api = useApi();
  const { t, dateTime, error: describe } = useT();
  const { known: forms } = useCatalog();
  const list = useCall(() => api.call('applications.list', {}), [api]);
  const [filters, setFilters] = useState<Filters>({ text: '', formId: '', state: 'all', from: '', to: '' });
  const [status, setStatus] = useState<Status | null>(null);
  const set = (patch: Partial<Filters>): void => setFilters({ ...filters, ...patch });
  const remove = async (id: string): Promise<void> => {
    try {
      await api.call('applications.remove', { id });
      list.reload();
    } catch (error) {
      setStatus({ kind: 'error', text: describe(error) });
    }
  };
  const shown = (list.data ?? []).filter((item) => matches(item, filters));
  return (
    <section className="application-list">
      <div className="toolbar">
        <button type="button" onClick={onNew}>
          {t('apps.new')}
        </button>
        <input
          type="search"
          name="search"
          placeholder={t('apps.search')}
          value={filters.text}
          onChange={(e) => set({ text: e.target.value })}
        />
        <select name="form" aria-label={t('apps.filter.form')} value={filters.formId} onChange={(e) => set({ formId: e.target.value })}>
          <option value="">{t('apps.filter.allForms')}</option>
          {forms.map((form) => (
            <option key={form.id} value={form.id}>
              {form.title}
            </option>
          ))}
        </select>
        <select
          name="state"
          aria-label={t('apps.filter.state')}
          value={filters.state}
          onChange={(e) => set({ state: e.target.value as StateFilter })}
        >
          <option value="all">{t('apps.filter.allStates')}</option>
          <option value="draft">{t('apps.state.draft')}</option>
          <option value="queued">{t('apps.state.queued')}</option>
          <option value="signed">{t('apps.state.signed')}</option>
        </select>
        <label>
          {t('apps.filter.from')}
          <input type="date" name="from" value={filters.from} onChange={(e) => set({ from: e.target.value })} />
        </label>
        <label>
          {t('apps.filter.to')}
          <input type="date" name="to" value={filters.to} onChange={(e) => set({ to: e.target.value })} />
        </label>
      </div>
      <StatusMessage status={status} />
      <CallState call={list} />
      {list.data !== null && shown.length === 0 && <p className="hint">{t('apps.empty')}</p>}
      <table className="applications" hidden={shown.length === 0}>
        <thead>
          <tr>
            <th>{t('apps.col.form')}</th>
            <th>{t('apps.col.applicant')}</th>
            <th>{t('apps.col.state')}</th>
            <th>{t('apps.col.updated')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shown.map((item) => (
            <tr key={item.id} data-id={item.id}>
              <td>
                {item.formTitle} <span className="hint">{t('apps.edition', { edition: item.edition })}</span>
              </td>
              <td>{item.applicant}</td>
              <td>
                <StateBadge application={item} />
                {item.refusal && <p className="hint">{describe(fromWireError(item.refusal))}</p>}
              </td>
              <td>{dateTime(item.updatedAt)}</td>
              <td>
                <button type="button" onClick={() => onOpen(item.id)}>
                  {t('apps.open')}
                </button>
                {item.state === 'draft' && (
                  <ConfirmButton label={t('apps.delete')} question={t('apps.deleteConfirm')} onConfirm={() => void remove(item.id)} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
