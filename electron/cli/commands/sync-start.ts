import { join } from 'node:path';
import { translate } from '../../../shared/i18n/index.ts';
import type { Locale } from '../../../shared/model/settings.ts';
import { requireEnrolment } from '../../services/sync/workspace.ts';
import { passphraseWrapper, Vault, type KeyWrapper } from '../../services/vault/index.ts';
import { cliSettings, type CommonOptions } from '../context.ts';
import { readPassphrase } from '../pin.ts';

export async function vaultPassphrase(locale: Locale): Promise<KeyWrapper> {
  return passphraseWrapper(await readPassphrase(`${translate(locale, 'apps.vault.passphrase')}: `));
}

/**
 * `sealdesk sync [--once]`, as little as it takes to start the vault's scrypt: the rest of the command
 * (the sync client and its upload code, certificate requests, the forms catalog, the ledger, the desk) is evaluated while
 * scrypt runs on the thread pool, and the token is then logged in on this thread, so the first byte
 * waits for the longer of them rather than for their sum. Asked for first, so the passphrase and PIN
 * prompts do not interleave; a wrong passphrase is reported once the login is done.
 */
export async function syncCommand(locale: Locale, options: CommonOptions & { once: boolean }): Promise<number> {
  const { store, dataDir } = cliSettings();
  const enrolment = requireEnrolment(store);
  const opening = Vault.open(join(dataDir, 'vault'), await vaultPassphrase(locale));
  void opening.catch(() => undefined);
  const { syncPasses } = await import('./sync.ts');
  // The upload code (tus) too, which a pass would otherwise evaluate once the vault is open, on the way to the first byte.
  await import('../../services/sync/tus-stack.ts');
  return syncPasses(locale, options, { store, dataDir, enrolment, opening });
}
