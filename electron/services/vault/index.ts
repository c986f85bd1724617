export { passphraseWrapper, type KeyWrapper } from './key.ts';
export { Vault } from './vault.ts';
