// One archiver process for the two-process archiving test: closes the ledger's past years in `dir`
// with the center authority's signing key there, slowed down so a second archiver overlaps it, and
// prints how many records it moved (or the error code that stopped it).
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadOrCreateAuthority, softwareSigner } from '../../center/authority.ts';
import { Ledger } from '../../electron/services/audit/index.ts';
import { sha256Hex } from '../../electron/services/pki/index.ts';
import type { Signer } from '../../electron/services/token/index.ts';
import { passphraseWrapper, Vault } from '../../electron/services/vault/index.ts';
import { toWireError } from '../../shared/errors.ts';

const [dir = '', now = ''] = process.argv.slice(2);
const unit = softwareSigner((await loadOrCreateAuthority(join(dir, 'center'))).signing);
const slow: Signer = {
  ...unit,
  sign: async (data, algorithm) => {
    await sleep(300);
    return unit.sign(data, algorithm);
  },
};
const ledger = new Ledger(join(dir, 'audit'), () => [sha256Hex(unit.certificate)]);
try {
  const moved = await ledger.closeYears(new Vault(join(dir, 'vault'), passphraseWrapper('archive test')), slow, new Date(now));
  process.stdout.write(`moved ${moved}\n`);
} catch (error) {
  process.stdout.write(`failed ${toWireError(error).code}\n`);
}
