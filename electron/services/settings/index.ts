export { applyPatch, JsonFileSettingsStore, type SettingsStore } from './store.ts';
