import type { PinHistory } from '../token/index.ts';
import type { SettingsStore } from './store.ts';

/** PIN change dates kept with the preferences (dates only, never a PIN). */
export function settingsPinHistory(store: SettingsStore, now: () => Date = () => new Date()): PinHistory {
  const record = (serial: string): string => {
    const at = now().toISOString();
    const settings = store.read();
    store.write({ ...settings, pinChanges: { ...settings.pinChanges, [serial]: at } });
    return at;
  };
  return {
    lastChange: (serial) => store.read().pinChanges[serial] ?? record(serial),
    recordChange: (serial) => void record(serial),
  };
}
