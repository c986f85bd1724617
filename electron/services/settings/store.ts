import { readFileSync } from 'node:fs';
import { SettingsSchema, type Settings, type SettingsPatch } from '../../../shared/model/settings.ts';
import { writeFileAtomic } from '../platform/atomic-write.ts';

/** Preferences only (no secrets): services see this interface; the desktop shell backs it with electron-store. */
export interface SettingsStore {
  read(): Settings;
  write(settings: Settings): void;
}

/** A JSON file written atomically; unreadable or invalid content falls back to defaults instead of failing start-up. */
export class JsonFileSettingsStore implements SettingsStore {
  constructor(readonly path: string) {}

  read(): Settings {
    try {
      return SettingsSchema.parse(JSON.parse(readFileSync(this.path, 'utf8')));
    } catch {
      return SettingsSchema.parse({});
    }
  }

  write(settings: Settings): void {
    writeFileAtomic(this.path, `${JSON.stringify(settings, null, 2)}\n`);
  }
}

/** From now on SealDesk signs nothing with this certificate (a leaked key, a revoked certificate). */
export function blockCertificate(store: SettingsStore, fingerprint: string): void {
  const settings = store.read();
  if (!settings.blockedCertificates.includes(fingerprint)) {
    store.write({ ...settings, blockedCertificates: [...settings.blockedCertificates, fingerprint] });
  }
}

export function isBlockedIn(store: SettingsStore): (fingerprint: string) => boolean {
  return (fingerprint) => store.read().blockedCertificates.includes(fingerprint);
}

export function applyPatch(store: SettingsStore, patch: SettingsPatch): Settings {
  const next = SettingsSchema.parse({ ...store.read(), ...patch });
  store.write(next);
  return next;
}
