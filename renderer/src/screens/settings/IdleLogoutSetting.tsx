import { useEffect, useState } from 'react';
import type { SettingsPatch } from '../../../../shared/model/settings.ts';
import { useT } from '../../i18n.tsx';

/** Minutes a logged-in USBKey may sit unused before SealDesk logs it out. */
export function IdleLogoutSetting({ minutes, save }: { minutes: number; save: (patch: SettingsPatch) => Promise<void> }) {
  const { t } = useT();
  const [value, setValue] = useState(String(minutes));
  useEffect(() => setValue(String(minutes)), [minutes]);
  const parsed = Number(value);
  const valid = Number.isInteger(parsed) && parsed >= 1 && parsed <= 480;
  return (
    <fieldset className="card">
      <legend>{t('settings.idleLogout')}</legend>
      <div className="path-row">
        <label>
          {t('settings.idleLogoutMinutes')}
          <input name="idleLogoutMinutes" inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
        <button type="button" disabled={!valid || parsed === minutes} onClick={() => void save({ idleLogoutMinutes: parsed })}>
          {t('settings.save')}
        </button>
      </div>
      {!valid && <p className="error">{t('settings.idleLogoutInvalid')}</p>}
    </fieldset>
  );
}
