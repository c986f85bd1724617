import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import type { DemoEnvironment } from '../../../electron/services/demo/index.ts';
import { TokenService } from '../../../electron/services/token/index.ts';
import type { Token } from '../../../shared/model/token.ts';
import { freshDemo } from '../../support/demo.ts';

const provisioned = freshDemo('idle-logout');
const IDLE_MS = 600;
let demo: DemoEnvironment;
let tokens: TokenService;
const published: Token[][] = [];

before(async () => {
  demo = await provisioned;
  tokens = await TokenService.open(demo.modulePath, { idle: { limitMs: () => IDLE_MS, checkEveryMs: 50 } });
  tokens.onTokensChanged((list) => published.push(list));
});
after(() => tokens.close());

const loggedIn = async (): Promise<boolean> => (await tokens.tokens())[0]?.loggedIn ?? false;

test('signing keeps the session open; left alone past the idle limit the token logs out and says so', async () => {
  await tokens.login(demo.tokenSerial, demo.pin);
  const signer = await tokens.signerFor(demo.tokenSerial, '电子印章');
  for (let i = 0; i < 5; i++) {
    await sleep(IDLE_MS / 3);
    await signer.sign(Buffer.from('keep-alive'), signer.algorithms[0]!);
  }
  assert.equal(await loggedIn(), true, 'still logged in after 1000 ms of regular use');

  published.length = 0;
  await sleep(IDLE_MS * 2);
  assert.equal(await loggedIn(), false);
  assert.ok(
    published.some((list) => list[0]?.loggedIn === false),
    'the UI is told through tokens.changed',
  );
  await assert.rejects(signer.sign(Buffer.from('after idle'), signer.algorithms[0]!), { code: 'TOKEN_NOT_LOGGED_IN' });
});
