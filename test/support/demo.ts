import assert from 'node:assert/strict';
import { join } from 'node:path';
import { provisionDemo, type DemoEnvironment } from '../../electron/services/demo/index.ts';
import { runSealdesk } from './cli.ts';
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

/**
 * What a CLI test file of signing needs once its demo token is ready: the environment (data folder
 * `dir/home`) and the demo's personal certificate on the approver list, as a unit sets it up.
 */
export async function approvingCliEnv(
  demoReady: Promise<DemoEnvironment>,
  dir: string,
): Promise<{ env: NodeJS.ProcessEnv; caPem: string }> {
  const demo = await demoReady;
  const env = demoCliEnv(demo, join(dir, 'home'));
  assert.equal(runSealdesk(['approvers', 'add', '--cert', '个人证书'], env).code, 0);
  return { env, caPem: demo.caCertPath };
}
