import { join } from 'node:path';
import { after } from 'node:test';
import { ReferenceCenter } from '../../center/index.ts';
import { DEMO_UNIT, provisionDemo, type DemoEnvironment } from '../../electron/services/demo/index.ts';
import { TokenService, type Signer, type TokenServiceOptions } from '../../electron/services/token/index.ts';
import { Outbox, SyncService, type SyncDependencies } from '../../electron/services/sync/index.ts';
import { passphraseWrapper, Vault } from '../../electron/services/vault/index.ts';
import type { CenterEnrolment } from '../../shared/model/center-link.ts';
import { tempDir } from './temp.ts';

export interface CenterFixture {
  center: ReferenceCenter;
  url: string;
  dir: string;
  demo: DemoEnvironment;
  enrolmentCode: string;
  /** The demo token, logged in. */
  tokens: TokenService;
  /** The unit certificate's key on it: what signs requests to the center. */
  unit: Signer;
  /** The center's CA, the root a client trusts the center by. */
  trustedRoots: Uint8Array[];
}

/**
 * A reference center on loopback and a fresh demo token, logged in, whose certificates its CA issued
 * (and which it has on its register), for this test file only. Call at module scope, like freshDemo.
 */
export function freshCenter(prefix: string, tokenOptions: Pick<TokenServiceOptions, 'isBlocked'> = {}): Promise<CenterFixture> {
  const dir = tempDir(prefix);
  const ready = (async () => {
    const center = await ReferenceCenter.open(join(dir, 'center'));
    const demo = await provisionDemo(join(dir, 'demo'), { ca: center.authority.ca, onIssued: (der) => center.register(der) });
    const url = await center.listen();
    const tokens = await TokenService.open(demo.modulePath, tokenOptions);
    await tokens.login(demo.tokenSerial, demo.pin);
    const unit = await tokens.signerFor(demo.tokenSerial, '单位证书');
    const trustedRoots = [new Uint8Array(center.authority.ca.certificate.rawData)];
    return { center, url, dir, demo, enrolmentCode: center.createEnrolmentCode(DEMO_UNIT), tokens, unit, trustedRoots };
  })();
  after(async () => {
    const { center, tokens } = await ready;
    await tokens.close();
    await center.close();
  });
  return ready;
}

/** The client's side of a fixture: an encrypted outbox under `dir/client` and the sync service over it. */
export function clientSync(
  f: CenterFixture,
  enrolment: () => CenterEnrolment,
  options: Pick<SyncDependencies, 'partsOf'> & Partial<Pick<SyncDependencies, 'onStatus'>>,
): { outbox: Outbox; sync: SyncService } {
  const vault = new Vault(join(f.dir, 'client'), passphraseWrapper('correct horse battery'));
  const outbox = new Outbox(vault);
  const sync = new SyncService({
    outbox,
    vault,
    spoolDir: join(f.dir, 'client', 'spool'),
    enrolment,
    unitSigner: () => Promise.resolve(f.unit),
    ...options,
  });
  return { outbox, sync };
}
