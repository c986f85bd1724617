import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CertificateRequests, generateRenewalKey } from '../../../electron/services/certs/index.ts';
import type { DemoEnvironment } from '../../../electron/services/demo/index.ts';
import { TokenService } from '../../../electron/services/token/index.ts';
import { freshDemo } from '../../support/demo.ts';
import { tempDir } from '../../support/temp.ts';
import { listTokenObjects } from '../../support/pkcs11-tool.ts';
import { buildUsbKeyModule, type UsbKeyModule } from '../../support/usbkey-module.ts';
import { auditTrailIn } from '../../support/audit.ts';

// Renewal on a USBKey that cannot take it: the fixture module over SoftHSM2 reports little free memory, or is pulled out mid-way.
const provisioned = freshDemo('renewal-room');

/** A logged-in TokenService over the fixture with `env` set for its worker, closed after `body`. */
async function withToken(
  demo: DemoEnvironment,
  env: Record<string, string>,
  body: (tokens: TokenService, usbKey: UsbKeyModule) => Promise<void>,
): Promise<void> {
  Object.assign(process.env, env);
  const usbKey = buildUsbKeyModule(demo.modulePath);
  const tokens = await TokenService.open(usbKey.path);
  try {
    await tokens.login(demo.tokenSerial, demo.pin);
    await body(tokens, usbKey);
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

test('a token pulled out after the pair is made but before the request is signed: the pair goes once the token is back and logged in', async () => {
  const demo = await provisioned;
  const before = listTokenObjects(demo);
  await withToken(demo, { SEALDESK_TEST_UNPLUG_AFTER_GENERATE: '1' }, async (tokens, usbKey) => {
    const requests = new CertificateRequests({
      tokens: () => tokens,
      dir: tempDir('renewal-leftovers'),
      queue: () => Promise.reject(new Error('never reached')),
      roots: () => [],
      blocks: { block: () => undefined, unblock: () => undefined, has: () => false },
      renewed: () => undefined,
      withdraw: () => undefined,
      audit: auditTrailIn(tempDir('renewal-leftovers-data'), () => tokens),
    });
    await assert.rejects(requests.renew(demo.tokenSerial, '电子印章'), { code: 'TOKEN_REMOVED' });
    usbKey.plugIn();
    delete process.env['SEALDESK_TEST_UNPLUG_AFTER_GENERATE'];
    assert.notEqual(listTokenObjects(demo), before, 'the new pair was left on the token');
    await tokens.login(demo.tokenSerial, demo.pin);
    await requests.removeLeftovers();
  });
  assert.equal(listTokenObjects(demo), before, 'pkcs11-tool lists exactly what was there');
});
