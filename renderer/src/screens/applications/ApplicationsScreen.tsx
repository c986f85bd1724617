import { useState } from 'react';
import type { Application } from '../../../../shared/model/application.ts';
import type { Token } from '../../../../shared/model/token.ts';
import { useApi } from '../../api/context.tsx';
import { StatusMessage, type Status } from '../../components/StatusMessage.tsx';
import { useT } from '../../i18n.tsx';
import { ApplicationEditor } from './ApplicationEditor.tsx';
import { ApplicationList } from './ApplicationList.tsx';
import { NewApplication } from './NewApplication.tsx';
import { VaultGate } from '../../components/VaultGate.tsx';
import { CatalogProvider } from './catalog.tsx';

type View = { kind: 'list' } | { kind: 'new' } | { kind: 'edit'; application: Application };

/** 申请: the list of applications, the catalog to start one, and the editor. */
export function ApplicationsScreen({ tokens }: { tokens: Token[] }) {
  const { t } = useT();
  return (
    <section>
      <h2>{t('nav.applications')}</h2>
      <VaultGate>
        <CatalogProvider>
          <ApplicationsViews tokens={tokens} />
        </CatalogProvider>
      </VaultGate>
    </section>
  );
}

function ApplicationsViews({ tokens }: { tokens: Token[] }) {
  const api = useApi();
  const { error: describe } = useT();
  const [view, setView] = useState<View>({ kind: 'list' });
  const [status, setStatus] = useState<Status | null>(null);
  const list = (): void => setView({ kind: 'list' });
  const open = async (id: string): Promise<void> => {
    try {
      setView({ kind: 'edit', application: await api.call('applications.get', { id }) });
    } catch (error) {
      setStatus({ kind: 'error', text: describe(error) });
    }
  };
  if (view.kind === 'new') return <NewApplication onCreated={(application) => setView({ kind: 'edit', application })} onCancel={list} />;
  if (view.kind === 'edit')
    return <ApplicationEditor key={view.application.id} initial={view.application} tokens={tokens} onClose={list} />;
  return (
    <>
      <StatusMessage status={status} />
      <ApplicationList onOpen={(id) => void open(id)} onNew={() => setView({ kind: 'new' })} />
    </>
  );
}
