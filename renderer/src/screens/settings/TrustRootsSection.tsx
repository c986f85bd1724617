import type { SkippedRoot, TrustRoot, TrustRoots } from '../../../../shared/model/trust-roots.ts';
import { useT } from '../../i18n.tsx';

/** The roots every trust verdict starts from, and, apart, what could not be read: where it is and why. */
export function TrustRootsSection({ roots }: { roots: TrustRoots }) {
  const { t } = useT();
  const place = (entry: TrustRoot | SkippedRoot) =>
    t('settings.trustRoots.place', { position: entry.position, source: sourceName(t, entry.source) });
  return (
    <fieldset className="card" data-testid="trust-roots">
      <legend>{t('settings.trustRoots')}</legend>
      {roots.roots.length === 0 && <p className="hint">{t('settings.trustRoots.none')}</p>}
      <ul>
        {roots.roots.map((root) => (
          <li key={`${root.source}#${root.position}`} data-testid="trust-root">
            {root.subject} <span className="hint">{place(root)}</span>
          </li>
        ))}
      </ul>
      {roots.skipped.length > 0 && (
        <>
          <h4>{t('settings.trustRoots.skipped')}</h4>
          <ul>
            {roots.skipped.map((skipped) => (
              <li key={`${skipped.source}#${skipped.position}`} className="warning" data-testid="skipped-root">
                {t('settings.trustRoots.skippedLine', { place: place(skipped), reason: t(`settings.trustRoots.reason.${skipped.reason}`) })}{' '}
                <code>SHA-256 {skipped.fingerprint.slice(0, 16)}…</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </fieldset>
  );
}

function sourceName(t: ReturnType<typeof useT>['t'], source: string): string {
  if (source === 'settings') return t('settings.trustRoots.source.settings');
  if (source === 'center') return t('settings.trustRoots.source.center');
  return t('settings.trustRoots.source.file', { path: source });
}
