import { useState, type ChangeEvent } from 'react';
import { useApi } from '../../api/context.tsx';
import { FileInput } from '../../components/FileInput.tsx';
import { StatusMessage, type Status } from '../../components/StatusMessage.tsx';
import { base64Of } from '../../files.ts';
import { useT } from '../../i18n.tsx';

const MAX_BYTES = 5 * 1024 * 1024;

/** Import a 印模 for this seal: an SVG or a PNG scan; SealDesk checks it can be drawn before keeping it. */
export function ImpressionImport({ fingerprint, onImported }: { fingerprint: string; onImported: () => void }) {
  const api = useApi();
  const { t, error: describe } = useT();
  const [size, setSize] = useState('');
  const [status, setStatus] = useState<Status | null>(null);
  const onFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file === undefined) return;
    const format = file.name.toLowerCase().endsWith('.png') ? 'png' : 'svg';
    if (file.size > MAX_BYTES) {
      setStatus({ kind: 'error', text: t('seals.impressionTooLarge', { max: 5 }) });
      return;
    }
    try {
      const widthMm = size.trim() === '' ? undefined : Number(size);
      await api.call('seals.importImpression', { fingerprint, format, base64: await base64Of(file), widthMm });
      setStatus({ kind: 'ok', text: t('seals.impressionImported') });
      onImported();
    } catch (error) {
      setStatus({ kind: 'error', text: describe(error) });
    }
  };
  return (
    <div className="impression-import">
      <label>
        {t('seals.impressionSize')}
        <input name="impressionSize" inputMode="decimal" value={size} onChange={(e) => setSize(e.target.value)} />
      </label>
      <FileInput
        aria-label={t('seals.impressionImport')}
        action={t('seals.impressionImport')}
        accept=".svg,.png,image/svg+xml,image/png"
        onChange={(e) => void onFile(e)}
      />
      <StatusMessage status={status} />
    </div>
  );
}
