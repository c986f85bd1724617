import Store from 'electron-store';
import { SettingsSchema, type Settings } from '../../shared/model/settings.ts';
import type { SettingsStore } from '../services/settings/index.ts';

/** electron-store holds preferences only; what it returns is parsed like any other file read from disk. */
export class ElectronSettingsStore implements SettingsStore {
  readonly #store = new Store<{ settings: unknown }>({ name: 'settings' });

  read(): Settings {
    const parsed = SettingsSchema.safeParse(this.#store.get('settings') ?? {});
    return parsed.success ? parsed.data : SettingsSchema.parse({});
  }

  write(settings: Settings): void {
    this.#store.set('settings', settings);
  }
}
