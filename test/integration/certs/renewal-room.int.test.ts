import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateRenewalKey } from '../../../electron/services/certs/index.ts';
import type { DemoEnvironment } from '../../../electron/services/demo/index.ts';
import { TokenService } from '../../../electron/services/token/index.ts';
import { freshDemo } from '../../support/demo.ts';
import { listTokenObjects } from '../../support/pkcs11-tool.ts';
import { buildUsbKeyModule } from '../../support/usbkey-module.ts';

// Renewal on a USBKey that cannot take it: the fixture module over SoftHSM2 reports little free memory, or is pulled out mid-way.
const provisioned = freshDemo('renewal-room');

/** A logged-in TokenService over the fixture with `env` set for its worker, closed after `body`. */
async function withToken(demo: DemoEnvironment, env: Record<string, string>, body: (tokens: TokenService) => Promise<void>): Promise<void> {
  Object.assign(process.env, env);
  const tokens = await TokenService.open(buildUsbKeyModule(demo.modulePath).path);
  try {
    await tokens.login(demo.tokenSerial, demo.pin);
    await body(tokens);
  } finally {
    await tokens.close();
    for (const name of Object.keys(env)) delete process.env[name];
  }
}

test('a token without room for a new key pair is reported before anything is generated', async () => {
  const demo = await provisioned;
  const before = listTokenObjects(demo);
  await withToken(demo, { SEALDESK_TEST_FREE_MEMORY: '2048' }, async (tokens) => {
    await assert.rejects(generateRenewalKey(tokens, demo.tokenSerial, '电子印章'), { code: 'TOKEN_FULL' });
  });
  assert.equal(listTokenObjects(demo), before, 'pkcs11-tool lists exactly what was there');
});

test('a token pulled out while the key pair is generated reports removal and holds no half-made pair', async () => {
  const demo = await provisioned;
  const before = listTokenObjects(demo);
  await withToken(demo, { SEALDESK_TEST_UNPLUG_ON_GENERATE: '1' }, async (tokens) => {
    await assert.rejects(generateRenewalKey(tokens, demo.tokenSerial, '电子印章'), { code: 'TOKEN_REMOVED' });
  });
  assert.equal(listTokenObjects(demo), before);
});
