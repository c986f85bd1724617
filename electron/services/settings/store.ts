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

/** Certificates SealDesk signs nothing with (a leaked key reported, a certificate revoked), by SHA-256 fingerprint. */
export interface BlockList {
  block(fingerprint: string): void;
  /** Only for a leaked-key report the center returned, after the holder confirms the key is safe. */
  unblock(fingerprint: string): void;
  has(fingerprint: string): boolean;
}

export function blockList(store: SettingsStore): BlockList {
  const write = (blockedCertificates: string[]) => store.write({ ...store.read(), blockedCertificates });
  const list = () => store.read().blockedCertificates;
  return {
    block: (fingerprint) => {
      if (!list().includes(fingerprint)) write([...list(), fingerprint]);
    },
    unblock: (fingerprint) => write(list().filter((f) => f !== fingerprint)),
    has: (fingerprint) => list().includes(fingerprint),
  };
}

export function applyPatch(store: SettingsStore, patch: SettingsPatch): Settings {
  const next = SettingsSchema.parse({ ...store.read(), ...patch });
  store.write(next);
  return next;
}
