import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { DemoEnvironment } from '../../../electron/services/demo/index.ts';
import { TokenService } from '../../../electron/services/token/index.ts';
import { freshDemo } from '../../support/demo.ts';
import { buildUsbKeyModule } from '../../support/usbkey-module.ts';

// A USBKey counts wrong PINs; SoftHSM2 does not, so this file talks to it through the counting fixture.
const provisioned = freshDemo('pin-counter');
let demo: DemoEnvironment;
let tokens: TokenService;

before(async () => {
  demo = await provisioned;
  tokens = await TokenService.open(buildUsbKeyModule(demo.modulePath, 3).path);
});
after(() => tokens.close());

async function pinStates(): Promise<string[]> {
  const [token] = await tokens.tokens();
  return token?.pinStates ?? [];
}

test('wrong PINs report what the token says: count low, then one try left, then locked', async () => {
  assert.deepEqual(await pinStates(), ['ok']);
  await assert.rejects(tokens.login(demo.tokenSerial, '000000'), { code: 'PIN_INCORRECT', params: { remainingTries: null } });
  assert.deepEqual(await pinStates(), ['countLow']);
  await assert.rejects(tokens.login(demo.tokenSerial, '000000'), { code: 'PIN_INCORRECT', params: { remainingTries: 1 } });
  assert.deepEqual(await pinStates(), ['finalTry']);
  await assert.rejects(tokens.login(demo.tokenSerial, '000000'), { code: 'PIN_LOCKED' });
  assert.deepEqual(await pinStates(), ['locked']);
});

test('a locked token refuses even the right PIN', async () => {
  await assert.rejects(tokens.login(demo.tokenSerial, demo.pin), { code: 'PIN_LOCKED' });
});
