import { safeStorage } from 'electron';
import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import type { KeyWrapper } from '../services/vault/index.ts';

const Stored = z.object({ sealed: z.string() });

/**
 * The vault key sealed by the OS keychain (DPAPI on Windows, Keychain on macOS, libsecret on Linux).
 * Where only Electron's hard-coded fallback key is available, the app says so instead of pretending.
 */
export function keychainWrapper(): KeyWrapper | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return undefined;
  return {
    kind: 'os-keychain',
    wrap: (dataKey) => ({ sealed: safeStorage.encryptString(dataKey.toString('base64')).toString('base64') }),
    unwrap: (stored) => {
      try {
        return Buffer.from(safeStorage.decryptString(Buffer.from(Stored.parse(stored).sealed, 'base64')), 'base64');
      } catch (error) {
        throw new AppError('VAULT_CORRUPT', { name: 'key.json' }, { cause: error });
      }
    },
  };
}
