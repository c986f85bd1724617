import type { Token } from '../../../../shared/model/token.ts';
import { LoginPanel } from '../../components/LoginPanel.tsx';
import { PinStates } from '../../components/PinStates.tsx';
import { useT } from '../../i18n.tsx';
import { CertificateAttention } from './CertificateAttention.tsx';
import { Overview, type Destination } from './Overview.tsx';
import { PinCare } from './PinCare.tsx';
import type { Section } from '../../components/Nav.tsx';
import type { HandedFile } from '../seals/SealsScreen.tsx';

interface HomeProps {
  /** null while the token layer has not answered yet. */
  tokens: readonly Token[] | null;
  onOpenCertificates: (serial: string) => void;
  onOpenSection: (section: Section) => void;
  /** 签发与盖章 with this file already chosen, for the step it waits for. */
  onOpenFile: (file: HandedFile) => void;
  onTokenChange: (token: Token) => void;
}

const cardId = (serial: string): string => `token-${serial}`;

/** 首页: what needs attention, then the tokens present right now; the list follows plug and unplug events without a reload. */
export function HomeScreen({ tokens, onOpenCertificates, onOpenSection, onOpenFile, onTokenChange }: HomeProps) {
  const { t } = useT();
  const go = (to: Destination): void => {
    if ('section' in to) onOpenSection(to.section);
    else if ('certificates' in to) onOpenCertificates(to.certificates);
    else if ('seal' in to) onOpenFile({ path: to.seal, next: 'seal' });
    else if ('approve' in to) onOpenFile({ path: to.approve, next: 'approve' });
    else if ('request' in to) onOpenFile({ path: to.request, next: 'request' });
    else {
      const card = document.getElementById(cardId(to.token));
      card?.scrollIntoView({ block: 'start' });
      card?.focus();
    }
  };
  return (
    <section>
      {tokens !== null && tokens.length > 0 && <Overview tokens={tokens} onGo={go} />}
      <h2>{t('home.title')}</h2>
      {tokens === null && (
        <p className="empty" role="status">
          {t('home.loading')}
        </p>
      )}
      {tokens?.length === 0 && <p className="empty">{t('home.empty')}</p>}
      <ul className="token-list">
        {tokens?.map((token) => (
          <li key={token.serial} id={cardId(token.serial)} tabIndex={-1} className="card token-card" data-testid="token-card">
            <h3>{token.label}</h3>
            <CertificateAttention token={token} onOpen={() => onOpenCertificates(token.serial)} />
            <dl className="facts">
              <dt>{t('home.manufacturer')}</dt>
              <dd>{token.manufacturer}</dd>
              <dt>{t('home.model')}</dt>
              <dd>{token.model}</dd>
              <dt>{t('home.serial')}</dt>
              <dd className="mono">{token.serial}</dd>
              <dt>{t('home.pinState')}</dt>
              <dd>
                <PinStates states={token.pinStates} />
              </dd>
            </dl>
            <LoginPanel token={token} onTokenChange={onTokenChange} />
            <PinCare token={token} others={tokens.filter((other) => other.serial !== token.serial)} onTokenChange={onTokenChange} />
            <button type="button" onClick={() => onOpenCertificates(token.serial)}>
              {t('home.viewCertificates')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
