import { useState } from 'react';
import { fromWireError } from '../../../../shared/errors.ts';
import type { Token } from '../../../../shared/model/token.ts';
import { useApi } from '../../api/context.tsx';
import { downloadFile } from '../../api/download.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { StatusMessage, type Status } from '../../components/StatusMessage.tsx';
import { useT } from '../../i18n.tsx';
import { SignPanel } from './SignPanel.tsx';
import type { DraftSession } from './useDraftSession.ts';

interface Props {
  session: DraftSession;
  tokens: Token[];
  needsUnitSeal: boolean;
  onShowProblems: () => void;
}

/** Sign when complete; print (also a draft, marked as such), export the signed package, or reopen for changes. */
export function ApplicationActions({ session, tokens, needsUnitSeal, onShowProblems }: Props) {
  const api = useApi();
  const { t, error: describe } = useT();
  const [status, setStatus] = useState<Status | null>(null);
  const [printed, setPrinted] = useState<string | null>(null);
  const { application } = session;
  const signed = application.state === 'signed';

  const run = async (work: () => Promise<Status>): Promise<void> => {
    setStatus(null);
    try {
      setStatus(await work());
    } catch (error) {
      setStatus({ kind: 'error', text: describe(error) });
    }
  };
  const print = () =>
    run(async () => {
      let path = '';
      await session.act(async (id) => {
        ({ path } = await api.call('applications.print', { id }));
      });
      setPrinted(path);
      return { kind: 'ok', text: t(needsUnitSeal ? 'apps.printedSeal' : 'apps.printed', { path }) };
    });
  const exportPackage = () =>
    run(async () => {
      const { path } = await api.call('applications.export', { id: application.id });
      return { kind: 'ok', text: t('apps.exported', { path }) };
    });
  const reopen = () =>
    run(async () => {
      await session.act((id) => api.call('applications.reopen', { id }));
      return { kind: 'ok', text: t('apps.reopened') };
    });

  return (
    <div className="application-actions">
      {signed && application.queued && <p role="status">{t('apps.sign.done')}</p>}
      {!signed && application.center?.status === 'returned' && (
        <p className="error" role="alert">
          {t('apps.returned', { reason: application.center.reason ?? '—' })}
        </p>
      )}
      {application.refusal && (
        <p className="error" role="alert">
          {t('apps.refused', { message: describe(fromWireError(application.refusal)) })}
        </p>
      )}
      {!signed &&
        (application.errors.length === 0 ? (
          <SignPanel session={session} tokens={tokens} />
        ) : (
          <p className="hint">
            {t('apps.signWhenComplete')}{' '}
            <button type="button" className="link" onClick={onShowProblems}>
              {t('apps.showProblems')}
            </button>
          </p>
        ))}
      <button type="button" onClick={() => void print()}>
        {t('apps.print')}
      </button>
      {printed && (
        <button type="button" onClick={() => void downloadFile(api, printed)}>
          {t('apps.download')}
        </button>
      )}
      {signed && (
        <>
          <button type="button" onClick={() => void exportPackage()}>
            {t('apps.export')}
          </button>
          <ConfirmButton label={t('apps.reopen')} question={t('apps.reopenConfirm')} onConfirm={() => void reopen()} />
        </>
      )}
      <StatusMessage status={status} />
    </div>
  );
}
