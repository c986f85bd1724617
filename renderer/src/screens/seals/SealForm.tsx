import { useEffect, useState } from 'react';
import type { SealOutcome } from '../../../../shared/api/index.ts';
import { fromWireError } from '../../../../shared/errors.ts';
import { useApi } from '../../api/context.tsx';
import { CallState } from '../../components/CallState.tsx';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';

/** One form for both steps: the approver signs (签发), the custodian seals (盖章), one PIN per batch. */
export function SealForm() {
  const api = useApi();
  const { t, error: describe } = useT();
  const seals = useCall(() => api.call('seals.list', {}), [api]);
  const [files, setFiles] = useState('');
  const [placement, setPlacement] = useState({ page: 'last', x: '150', y: '240', size: '42' });
  const [crossPage, setCrossPage] = useState(false);
  const [final, setFinal] = useState(false);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ index: number; total: number } | null>(null);
  const [outcomes, setOutcomes] = useState<SealOutcome[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => api.on('documents.progress', (p) => setProgress({ index: p.index + 1, total: p.total })), [api]);

  const seal = seals.data?.[0];
  if (seal === undefined) return seals.data === null ? <CallState call={seals} /> : <p>{t('seals.none')}</p>;
  const inputs = files
    .split('\n')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  const page = placement.page === 'last' ? ('last' as const) : Number(placement.page);
  const run = async (action: 'approve' | 'seal'): Promise<void> => {
    setBusy(true);
    setFailure(null);
    setOutcomes([]);
    try {
      await api.call('tokens.login', { serial: seal.tokenSerial, pin });
      setPin('');
      const where = { page, xMm: Number(placement.x), yMm: Number(placement.y) };
      if (action === 'approve') {
        const personal = (await api.call('tokens.certificates', { serial: seal.tokenSerial })).certificates.find(
          (c) => c.kind === 'personal' && c.hasPrivateKey,
        );
        const results = await Promise.all(
          inputs.map((input) =>
            api.call('documents.approve', {
              serial: seal.tokenSerial,
              certificate: personal?.fingerprintSha256 ?? '',
              input,
              overwrite: false,
              visible: where,
            }),
          ),
        );
        setOutcomes(results);
      } else {
        const placementWithSize = { ...where, widthMm: Number(placement.size) };
        setOutcomes(
          await api.call('documents.seal', {
            serial: seal.tokenSerial,
            certificate: seal.certificate.fingerprintSha256,
            inputs,
            overwrite: false,
            placement: placementWithSize,
            crossPage,
            final,
          }),
        );
      }
    } catch (error) {
      setFailure(describe(error));
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };
  const field = (key: keyof typeof placement, label: Parameters<typeof t>[0]) => (
    <label>
      {t(label)}
      <input value={placement[key]} onChange={(e) => setPlacement({ ...placement, [key]: e.target.value })} name={key} />
    </label>
  );
  return (
    <form className="seal-form" onSubmit={(e) => e.preventDefault()}>
      <p>
        {t('seals.seal')}: {seal.certificate.subject.commonName} ({seal.tokenLabel})
      </p>
      <label>
        {t('seals.files')}
        <textarea name="files" rows={3} value={files} onChange={(e) => setFiles(e.target.value)} />
      </label>
      {field('page', 'seals.page')}
      {field('x', 'seals.x')}
      {field('y', 'seals.y')}
      {field('size', 'seals.size')}
      <label>
        <input type="checkbox" name="crossPage" checked={crossPage} onChange={(e) => setCrossPage(e.target.checked)} />{' '}
        {t('seals.crossPage')}
      </label>
      <label>
        <input type="checkbox" name="final" checked={final} onChange={(e) => setFinal(e.target.checked)} /> {t('seals.final')}
      </label>
      <label>
        {t('seals.pin')}
        <input type="password" name="pin" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} />
      </label>
      <div className="actions">
        <button type="button" disabled={busy || inputs.length === 0 || pin === ''} onClick={() => void run('approve')}>
          {t('seals.doApprove')}
        </button>
        <button type="button" disabled={busy || inputs.length === 0 || pin === ''} onClick={() => void run('seal')}>
          {t('seals.doSeal')}
        </button>
      </div>
      {progress && (
        <p>
          <progress max={progress.total} value={progress.index} /> {t('seals.progress', progress)}
        </p>
      )}
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
      <ul data-testid="seal-results">
        {outcomes.map((o) => (
          <li key={o.input} className={o.error ? 'error' : 'ok'}>
            {o.error
              ? t('seals.resultFailed', { input: o.input, message: describe(fromWireError(o.error)) })
              : t('seals.resultOk', { output: o.output ?? '' })}
          </li>
        ))}
      </ul>
    </form>
  );
}
