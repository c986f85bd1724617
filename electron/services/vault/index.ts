export { open as decryptRecord, seal as encryptRecord } from './cipher.ts';
export { passphraseWrapper, type KeyWrapper } from './key.ts';
export { Vault } from './vault.ts';
