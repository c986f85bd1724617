import { useT } from '../i18n.tsx';

export function DemoBanner({ pin }: { pin: string | null }) {
  const { t } = useT();
  return (
    <p className="banner banner-demo" role="status" data-testid="demo-banner">
      <strong>{t('app.demoTitle')}</strong> {pin === null ? t('app.demoBannerPinChanged') : t('app.demoBanner', { pin })}
    </p>
  );
}
