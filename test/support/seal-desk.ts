import { join } from 'node:path';
import { after, before } from 'node:test';
import type { DemoEnvironment } from '../../electron/services/demo/index.ts';
import { SealDeskService } from '../../electron/services/seal/index.ts';
import { JsonFileSettingsStore } from '../../electron/services/settings/index.ts';
import { TokenService } from '../../electron/services/token/index.ts';
import { freshDemo } from './demo.ts';
import { tempDir } from './temp.ts';
import { auditTrailIn } from './audit.ts';

/**
 * The seal services over the demo token as the app wires them (demo CA trusted, demo impressions,
 * the demo 个人证书 authorised to approve), logged in. `modulePath` defaults to the demo's SoftHSM2.
 */
export async function openSealDesk(
  demo: DemoEnvironment,
  dataDir: string,
  { modulePath = demo.modulePath, isBlocked }: { modulePath?: string; isBlocked?: (fingerprint: string) => boolean } = {},
): Promise<{ tokens: TokenService; desk: SealDeskService }> {
  const tokens = await TokenService.open(modulePath, isBlocked ? { isBlocked } : {});
  const desk = new SealDeskService({
    dataDir,
    settings: new JsonFileSettingsStore(join(dataDir, 'settings.json')),
    tokens: () => tokens,
    extraRootFiles: [demo.caCertPath],
    demoImpressions: true,
    audit: auditTrailIn(dataDir, () => tokens),
  });
  await desk.authoriseApprover({ serial: demo.tokenSerial, certificate: '个人证书' });
  await tokens.login(demo.tokenSerial, demo.pin);
  return { tokens, desk };
}

export interface SealDeskFixture {
  /** A scratch folder for the test's documents. */
  work: string;
  demo: DemoEnvironment;
  tokens: TokenService;
  desk: SealDeskService;
}

/**
 * A fresh demo token and the seal desk over it for one test file, opened before its tests (then
 * `prepare` runs: node:test does not wait for one root `before` hook before starting the next) and closed after.
 */
export function useSealDesk(name: string, prepare?: (fixture: SealDeskFixture) => Promise<void>): SealDeskFixture {
  const provisioned = freshDemo(name);
  const fixture = { work: tempDir(`${name}-work`) } as SealDeskFixture;
  before(async () => {
    fixture.demo = await provisioned;
    Object.assign(fixture, await openSealDesk(fixture.demo, join(fixture.work, 'data')));
    await prepare?.(fixture);
  });
  after(() => fixture.tokens.close());
  return fixture;
}
