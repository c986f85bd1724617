import { useState } from 'react';
import type { Application } from '../../../../shared/model/application.ts';
import { useApi } from '../../api/context.tsx';
import { FileInput } from '../../components/FileInput.tsx';
import { StatusMessage, type Status } from '../../components/StatusMessage.tsx';
import { useT } from '../../i18n.tsx';
import { useCatalog } from './catalog.tsx';

/** The catalog of the center's forms: start an empty application, or one filled from a JSON file. */
export function NewApplication({ onCreated, onCancel }: { onCreated: (application: Application) => void; onCancel: () => void }) {
  const api = useApi();
  const { t, error: describe } = useT();
  const { forms } = useCatalog();
  const [status, setStatus] = useState<Status | null>(null);
  const create = async (formId: string, file?: File): Promise<void> => {
    setStatus(null);
    try {
      const imported = file === undefined ? undefined : { name: file.name, text: await file.text() };
      onCreated(await api.call('applications.create', imported === undefined ? { formId } : { formId, imported }));
    } catch (error) {
      setStatus({ kind: 'error', text: describe(error) });
    }
  };
  return (
    <section className="form-catalog" aria-label={t('apps.catalog')}>
      <header className="editor-header">
        <button type="button" onClick={onCancel}>
          {t('apps.back')}
        </button>
        <h2>{t('apps.catalog')}</h2>
      </header>
      <StatusMessage status={status} />
      <ul className="catalog-list">
        {forms.map((form) => (
          <li key={form.id} data-form={form.id}>
            <h3>
              {form.title} <span className="hint">{t('apps.formVersion', { version: form.version })}</span>
            </h3>
            <p>{form.description}</p>
            <button type="button" onClick={() => void create(form.id)}>
              {t('apps.start')}
            </button>
            <FileInput
              aria-label={t('apps.importJson')}
              action={t('apps.importJson')}
              accept=".json,application/json"
              onChange={(e) => void create(form.id, e.target.files?.[0])}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
