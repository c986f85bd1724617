import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/api/index.ts';
import { fromWireError } from '../../shared/errors.ts';
import type { Locale } from '../../shared/model/settings.ts';
import type { Token } from '../../shared/model/token.ts';
import { useApi } from './api/context.tsx';
import { DemoBanner } from './components/DemoBanner.tsx';
import { Nav, type Section } from './components/Nav.tsx';
import { WindowDrop } from './components/WindowDrop.tsx';
import { Announcements } from './components/Announcements.tsx';
import { CallState } from './components/CallState.tsx';
import { LocaleContext, useT } from './i18n.tsx';
import { pdfWorker } from './pdf/open.ts';
import type { ApplicationsScreen as ApplicationsScreenType } from './screens/applications/ApplicationsScreen.tsx';
import { CertificatesScreen } from './screens/certificates/CertificatesScreen.tsx';
import { AuditScreen } from './screens/audit/AuditScreen.tsx';
import { DiagnosticsScreen } from './screens/diagnostics/DiagnosticsScreen.tsx';
import { HomeScreen } from './screens/home/HomeScreen.tsx';
import { SealsScreen, type HandedFile } from './screens/seals/SealsScreen.tsx';
import { SettingsScreen } from './screens/settings/SettingsScreen.tsx';
import { SyncScreen } from './screens/sync/SyncScreen.tsx';
import { useCall } from './useCall.ts';

/**
 * The form library and the holiday calendar are not loaded at start; they are fetched once the app is
 * idle, so that opening 申请 (450 ms the first time) is as quick later as any other section.
 */
let loadedApplicationsScreen: typeof ApplicationsScreenType | null = null;
const loadApplications = () =>
  import('./screens/applications/ApplicationsScreen.tsx').then((m) => (loadedApplicationsScreen = m.ApplicationsScreen));
const IDLE_PREFETCH_TIMEOUT_MS = 3000;

/**
 * 申请 drawn at once when the idle prefetch has loaded it, else as soon as it arrives. Not React.lazy: a lazy
 * component suspends on its first render even when its chunk is loaded, and React keeps a Suspense fallback
 * it has shown for at least 300 ms — which was all of 申请's first opening.
 */
function ApplicationsSection({ tokens }: { tokens: Token[] }) {
  const chunk = useCall(loadApplications, []);
  const Screen = loadedApplicationsScreen ?? chunk.data;
  return Screen === null ? <CallState call={chunk} /> : <Screen tokens={tokens} />;
}

export function App() {
  const api = useApi();
  const [locale, setLocale] = useState<Locale>('zh-CN');
  const [info, setInfo] = useState<AppInfo | null>(null);
  // null until the token layer first answers: "no USBKey" is said only once it has.
  const [tokens, setTokens] = useState<Token[] | null>(null);
  const [connected, setConnected] = useState(true);

  useEffect(() => {
    const refresh = (): void => {
      void api.call('settings.get', {}).then(
        (s) => setLocale(s.locale),
        () => undefined,
      );
      void api.call('app.info', {}).then(setInfo, () => undefined);
      void api.call('tokens.list', {}).then(setTokens, () => setTokens([]));
    };
    refresh();
    const offTokens = api.on('tokens.changed', (event) => setTokens(event.tokens));
    const offSettings = api.on('settings.changed', (settings) => {
      setLocale(settings.locale);
      void api.call('app.info', {}).then(setInfo, () => undefined);
    });
    const offConnection = api.onConnectionChange((isConnected) => {
      setConnected(isConnected);
      if (isConnected) refresh();
    });
    return () => {
      offTokens();
      offSettings();
      offConnection();
    };
  }, [api]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  useEffect(() => {
    // The worker loads and compiles its 1.2 MB on its own thread, so it starts with the app, not when idle
    // (which may be seconds on a busy machine): its 0.5 s start is then never part of a first page.
    pdfWorker();
    const idle = requestIdleCallback(() => void loadApplications(), { timeout: IDLE_PREFETCH_TIMEOUT_MS });
    return () => cancelIdleCallback(idle);
  }, []);

  return (
    <LocaleContext.Provider value={locale}>
      <Shell info={info} tokens={tokens} connected={connected} onTokenChange={(t) => setTokens((list) => list && replaceToken(list, t))} />
    </LocaleContext.Provider>
  );
}

function replaceToken(list: Token[], token: Token): Token[] {
  return list.map((t) => (t.serial === token.serial ? token : t));
}

interface ShellProps {
  info: AppInfo | null;
  tokens: Token[] | null;
  connected: boolean;
  onTokenChange: (token: Token) => void;
}

function Shell({ info, tokens: tokensOrLoading, connected, onTokenChange }: ShellProps) {
  const { t, error: describe } = useT();
  const tokens = tokensOrLoading ?? [];
  const [section, setSection] = useState<Section>('home');
  const [selectedSerial, setSelectedSerial] = useState<string | null>(null);
  // A file handed on to 签发与盖章 (from 首页's 去盖章, 去签发, 再次请求); choosing a section from the menu starts afresh.
  const [toSeal, setToSeal] = useState<HandedFile | null>(null);
  const openCertificates = (serial: string): void => {
    setSelectedSerial(serial);
    setSection('certificates');
  };
  const openSection = (next: Section): void => {
    setToSeal(null);
    setSection(next);
  };
  const openFile = (file: HandedFile): void => {
    setToSeal(file);
    setSection('seals');
  };
  return (
    <WindowDrop>
      <div className="app">
        <header className="app-header">
          <h1>{t('app.name')}</h1>
          {!connected && (
            <p className="banner banner-error" role="alert">
              {t('app.disconnected')}
            </p>
          )}
          {info?.demo.active === true && <DemoBanner pin={info.demo.pin} />}
          <Announcements />
          {info?.moduleError != null && (
            <p className="banner banner-error" role="alert">
              {t('app.moduleError', { message: describe(fromWireError(info.moduleError)) })}
            </p>
          )}
        </header>
        <div className="app-body">
          <Nav current={section} onSelect={openSection} />
          <main className="content" aria-live="polite">
            {section === 'home' && (
              <HomeScreen
                tokens={tokensOrLoading}
                onOpenCertificates={openCertificates}
                onOpenSection={openSection}
                onOpenFile={openFile}
                onTokenChange={onTokenChange}
              />
            )}
            {section === 'certificates' && (
              <CertificatesScreen
                tokens={tokens}
                selectedSerial={selectedSerial}
                onSelect={setSelectedSerial}
                onTokenChange={onTokenChange}
              />
            )}
            {section === 'seals' && <SealsScreen canPickFiles={info?.canPickFiles ?? false} tokens={tokens} toSeal={toSeal} />}
            {section === 'applications' && <ApplicationsSection tokens={tokens} />}
            {section === 'sync' && <SyncScreen tokens={tokens} onTokenChange={onTokenChange} />}
            {section === 'audit' && <AuditScreen tokens={tokens} />}
            {section === 'settings' && info !== null && <SettingsScreen info={info} />}
            {section === 'diagnostics' && <DiagnosticsScreen />}
          </main>
        </div>
      </div>
    </WindowDrop>
  );
}
