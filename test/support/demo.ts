import { join } from 'node:path';
import { provisionDemo, type DemoEnvironment } from '../../electron/services/demo/index.ts';
import { tempDir } from './temp.ts';

/**
 * A fresh SoftHSM2 token with the demo certificates, for this test file only. Call it at module scope
 * (not inside a hook), so its directory lives until the whole file has finished.
 */
export function freshDemo(prefix: string): Promise<DemoEnvironment> {
  return provisionDemo(join(tempDir(prefix), 'demo'));
}

/** What the CLI needs to use the demo token, with `home` as its data directory. */
export function demoCliEnv(demo: DemoEnvironment, home: string): NodeJS.ProcessEnv {
  return { SEALDESK_PKCS11_MODULE: demo.modulePath, SOFTHSM2_CONF: demo.softhsmConf, SEALDESK_PIN: demo.pin, SEALDESK_HOME: home };
}
