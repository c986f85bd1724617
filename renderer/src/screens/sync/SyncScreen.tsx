import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../../../shared/model/sync.ts';
import type { Token } from '../../../../shared/model/token.ts';
import { useApi } from '../../api/context.tsx';
import { CallState } from '../../components/CallState.tsx';
import { VaultGate } from '../../components/VaultGate.tsx';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';
import { CenterLinkPanel } from './CenterLinkPanel.tsx';
import { CenterNotices } from './CenterNotices.tsx';
import { OutboxTable, type UploadProgress } from './OutboxTable.tsx';

interface Props {
  tokens: Token[];
  onTokenChange: (token: Token) => void;
}

/** 同步: the link to the resource center and the outbox, with upload progress and the center's answers. */
export function SyncScreen(props: Props) {
  const { t } = useT();
  return (
    <section>
      <h2>{t('nav.sync')}</h2>
      <VaultGate>
        <SyncViews {...props} />
      </VaultGate>
    </section>
  );
}

function SyncViews({ tokens, onTokenChange }: Props) {
  const api = useApi();
  const loggedIn = tokens.filter((token) => token.loggedIn).map((token) => token.serial);
  const loaded = useCall(() => api.call('sync.status', {}), [api, loggedIn.join()]);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [progress, setProgress] = useState<Record<string, UploadProgress>>({});
  useEffect(() => setStatus(loaded.data), [loaded.data]);
  useEffect(() => api.on('sync.progress', (p) => setProgress((all) => ({ ...all, [p.itemId]: p }))), [api]);
  useEffect(() => api.on('sync.updated', () => loaded.reload()), [api, loaded.reload]);
  if (status === null) return <CallState call={loaded} />;
  return (
    <>
      <CenterLinkPanel status={status} tokens={tokens} onTokenChange={onTokenChange} onStatus={setStatus} />
      <OutboxTable items={status.items} progress={progress} onStatus={setStatus} />
      <CenterNotices notices={status.notices} />
    </>
  );
}
