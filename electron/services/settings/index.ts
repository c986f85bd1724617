export { applyPatch, blockCertificate, isBlockedIn, JsonFileSettingsStore, type SettingsStore } from './store.ts';
export { settingsPinHistory } from './pin-history.ts';
