import type { SealInfo } from '../../../../shared/model/seal.ts';
import { useApi } from '../../api/context.tsx';
import { CallState } from '../../components/CallState.tsx';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';

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
  const api = useApi();
  const { t } = useT();
  const image = useCall(
    () => api.call('seals.impression', { fingerprint: seal.certificate.fingerprintSha256 }),
    [api, seal.certificate.fingerprintSha256],
  );
  const mime = image.data?.format === 'png' ? 'image/png' : 'image/svg+xml';
  return (
    <li className="card" data-testid="seal-card">
      <h3>{seal.certificate.subject.commonName ?? seal.certificate.label}</h3>
      <p>
        {seal.tokenLabel} · {seal.certificate.label}
      </p>
      {image.data ? (
        <>
          <img
            alt={seal.certificate.label}
            src={`data:${mime};base64,${image.data.base64}`}
            style={{ width: `${image.data.widthMm}mm`, height: `${image.data.heightMm}mm` }}
            data-testid="impression"
          />
          <p>{t('seals.trueSize', { width: image.data.widthMm.toFixed(1), height: image.data.heightMm.toFixed(1) })}</p>
        </>
      ) : (
        <p>{t('seals.noImpression')}</p>
      )}
    </li>
  );
}
