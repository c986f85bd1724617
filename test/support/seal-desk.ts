import { join } from 'node:path';
import type { DemoEnvironment } from '../../electron/services/demo/index.ts';
import { SealDeskService } from '../../electron/services/seal/index.ts';
import { JsonFileSettingsStore } from '../../electron/services/settings/index.ts';
import { TokenService } from '../../electron/services/token/index.ts';

/**
 * The seal services over the demo token as the app wires them (demo CA trusted, demo impressions,
 * the demo 个人证书 authorised to approve), logged in. `modulePath` defaults to the demo's SoftHSM2.
 */
export async function openSealDesk(
  demo: DemoEnvironment,
  dataDir: string,
  modulePath = demo.modulePath,
): Promise<{ tokens: TokenService; desk: SealDeskService }> {
  const tokens = await TokenService.open(modulePath);
  const desk = new SealDeskService({
    dataDir,
    settings: new JsonFileSettingsStore(join(dataDir, 'settings.json')),
    tokens: () => tokens,
    extraRootFiles: [demo.caCertPath],
    demoImpressions: true,
  });
  await desk.authoriseApprover({ serial: demo.tokenSerial, certificate: '个人证书' });
  await tokens.login(demo.tokenSerial, demo.pin);
  return { tokens, desk };
}
