import { useState } from 'react';
import type { Token } from '../../../../shared/model/token.ts';
import { useApi } from '../../api/context.tsx';
import { SigningSheet } from '../../components/SigningSheet.tsx';
import { StatusMessage, type Status } from '../../components/StatusMessage.tsx';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';
import type { DraftSession } from './useDraftSession.ts';

/**
 * The applicant signs with their personal certificate, after a sheet that says what is signed and
 * what follows; the PIN is asked there only when the token is not logged in. Success shows as the
 * application's new state.
 */
export function SignPanel({ session, tokens }: { session: DraftSession; tokens: Token[] }) {
  const api = useApi();
  const { t, error: describe } = useT();
  const token = tokens[0] ?? null;
  const listing = useCall(
    () => (token ? api.call('tokens.certificates', { serial: token.serial }) : Promise.resolve(null)),
    [api, token?.serial],
  );
  const personal = (listing.data?.certificates ?? []).filter((c) => c.kind === 'personal' && c.hasPrivateKey);
  const [chosen, setChosen] = useState<string>('');
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status | null>(null);
  const certificate = personal.find((c) => c.fingerprintSha256 === chosen) ?? personal[0];

  const sign = async (pin: string | null): Promise<void> => {
    setAsking(false);
    if (token === null || certificate === undefined) return;
    setBusy(true);
    setStatus(null);
    try {
      if (!token.loggedIn) await api.call('tokens.login', { serial: token.serial, pin });
      await session.act((id) => api.call('applications.sign', { id, serial: token.serial, certificate: certificate.fingerprintSha256 }));
    } catch (error) {
      setStatus({ kind: 'error', text: describe(error) });
    } finally {
      setBusy(false);
    }
  };

  if (token === null) return <p className="hint">{t('apps.sign.noToken')}</p>;
  const { application } = session;
  const attachments = Object.keys(application.attachments).length;
  return (
    <form
      className="sign-panel"
      onSubmit={(e) => {
        e.preventDefault();
        setAsking(true);
      }}
    >
      <label>
        {t('apps.sign.certificate')}
        <select name="certificate" value={certificate?.fingerprintSha256 ?? ''} onChange={(e) => setChosen(e.target.value)}>
          {personal.map((c) => (
            <option key={c.fingerprintSha256} value={c.fingerprintSha256}>
              {c.subject.commonName ?? c.subject.text}（{token.label}）
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy || certificate === undefined}>
        {busy ? t('apps.sign.busy') : t('apps.sign.submit')}
      </button>
      <StatusMessage status={status} />
      {asking && certificate !== undefined && (
        <SigningSheet
          title={t('sheet.title.application')}
          confirmLabel={t('sheet.confirm.application')}
          subject={t('sheet.application', {
            form: application.formTitle,
            edition: application.edition,
            applicant: application.applicant,
            attachments,
          })}
          certificate={certificate}
          token={token}
          consequence={t('sheet.consequence.application')}
          alwaysAskPin={false}
          onConfirm={(pin) => void sign(pin)}
          onCancel={() => setAsking(false)}
        />
      )}
    </form>
  );
}
