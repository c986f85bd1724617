export { applyPatch, blockList, JsonFileSettingsStore, type BlockList, type SettingsStore } from './store.ts';
export { settingsPinHistory } from './pin-history.ts';
