import { useState } from 'react';
import type { AppInfo } from '../../../../shared/api/index.ts';
import { LOCALES, type Locale, type SettingsPatch } from '../../../../shared/model/settings.ts';
import { useApi } from '../../api/context.tsx';
import { StatusMessage, type Status } from '../../components/StatusMessage.tsx';
import { useFileChooser } from '../../components/useFileChooser.tsx';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';
import { ApproversEditor } from './ApproversEditor.tsx';
import { IdleLogoutSetting } from './IdleLogoutSetting.tsx';
import { TrustRootsSection } from './TrustRootsSection.tsx';

const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

/** 设置: language, the PKCS#11 module (detected list, the file dialog, or a typed path), idle logout, 签发权人. */
export function SettingsScreen({ info }: { info: AppInfo }) {
  const api = useApi();
  const { t, error: describe } = useT();
  const settings = useCall(() => api.call('settings.get', {}), []);
  const detected = useCall(() => api.call('modules.detect', {}), []);
  const trustRoots = useCall(() => api.call('trust.roots', {}), [settings.data]);
  const [path, setPath] = useState('');
  const [status, setStatus] = useState<Status | null>(null);

  const save = async (patch: SettingsPatch): Promise<void> => {
    try {
      await api.call('settings.update', patch);
      settings.reload();
      setStatus({ kind: 'ok', text: t('settings.saved') });
    } catch (error) {
      setStatus({ kind: 'error', text: describe(error) });
    }
  };
  const chooser = useFileChooser(info.canPickFiles);
  const browse = async (): Promise<void> => {
    const [picked] = await chooser.choose('module');
    if (picked !== undefined) setPath(picked);
  };
  const current = settings.data?.pkcs11Module ?? null;

  return (
    <section>
      <h2>{t('settings.title')}</h2>
      <fieldset className="card">
        <legend>{t('settings.language')}</legend>
        {LOCALES.map((locale) => (
          <label key={locale} className="radio">
            <input type="radio" name="locale" checked={settings.data?.locale === locale} onChange={() => void save({ locale })} />
            {LOCALE_NAMES[locale]}
          </label>
        ))}
      </fieldset>
      <fieldset className="card">
        <legend>{t('settings.module')}</legend>
        <p>{current === null ? t('settings.moduleDemo') : t('settings.moduleCurrent', { path: current })}</p>
        {info.moduleConfigured && current === null && <p className="hint">{t('settings.moduleEnvOverride')}</p>}
        <h4>{t('settings.moduleDetected')}</h4>
        <ul className="module-list">
          {detected.data?.map((module) => (
            <li key={module.path}>
              <span>
                {module.vendor} — {module.product} <code>{module.path}</code>
              </span>
              {module.present ? (
                <button type="button" onClick={() => void save({ pkcs11Module: module.path })}>
                  {t('settings.moduleUse')}
                </button>
              ) : (
                <span className="hint">{t('settings.moduleNotInstalled')}</span>
              )}
            </li>
          ))}
        </ul>
        <div className="path-row">
          <label>
            {t('settings.modulePath')}
            <input type="text" value={path} onChange={(e) => setPath(e.target.value)} spellCheck={false} />
          </label>
          <button type="button" onClick={() => void browse()}>
            {t('settings.moduleBrowse')}
          </button>
          {chooser.dialog}
          <button type="button" disabled={path.trim() === ''} onClick={() => void save({ pkcs11Module: path.trim() })}>
            {t('settings.moduleApply')}
          </button>
          {current !== null && (
            <button type="button" onClick={() => void save({ pkcs11Module: null })}>
              {t('settings.moduleUseDemo')}
            </button>
          )}
        </div>
      </fieldset>
      {settings.data && <IdleLogoutSetting minutes={settings.data.idleLogoutMinutes} save={save} />}
      {settings.data && <ApproversEditor approvers={settings.data.approvers} save={save} />}
      {trustRoots.data && <TrustRootsSection roots={trustRoots.data} />}
      <StatusMessage status={status} />
    </section>
  );
}
