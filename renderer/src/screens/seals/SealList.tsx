import { useState } from 'react';
import type { SealInfo } from '../../../../shared/model/seal.ts';
import { useApi } from '../../api/context.tsx';
import { CallState } from '../../components/CallState.tsx';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';
import { ImpressionImport } from './ImpressionImport.tsx';
import { useImpression } from './useImpression.ts';

export function SealList() {
  const api = useApi();
  const { t } = useT();
  const seals = useCall(() => api.call('seals.list', {}), [api]);
  if (seals.data === null) return <CallState call={seals} />;
  if (seals.data.length === 0) return <p>{t('seals.none')}</p>;
  return (
    <ul className="cards">
      {seals.data.map((seal) => (
        <SealCard key={seal.certificate.fingerprintSha256} seal={seal} />
      ))}
    </ul>
  );
}

/** The impression at true size: CSS millimetres are physical on a calibrated screen and in print. */
function SealCard({ seal }: { seal: SealInfo }) {
  const { t } = useT();
  const [generation, setGeneration] = useState(0);
  const image = useImpression(seal.certificate.fingerprintSha256, generation);
  return (
    <li className="card" data-testid="seal-card">
      <h3>{seal.certificate.subject.commonName ?? seal.certificate.label}</h3>
      <p>
        {seal.tokenLabel} · {seal.certificate.label}
      </p>
      {image ? (
        <>
          <img
            alt={seal.certificate.label}
            src={image.src}
            style={{ width: `${image.widthMm}mm`, height: `${image.heightMm}mm` }}
            data-testid="impression"
          />
          <p>{t('seals.trueSize', { width: image.widthMm.toFixed(1), height: image.heightMm.toFixed(1) })}</p>
        </>
      ) : (
        <p>{t(image === undefined ? 'common.loading' : 'seals.noImpression')}</p>
      )}
      <ImpressionImport fingerprint={seal.certificate.fingerprintSha256} onImported={() => setGeneration((g) => g + 1)} />
    </li>
  );
}
