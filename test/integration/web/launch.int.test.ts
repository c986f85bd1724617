import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { LaunchTokens } from '../../../electron/web/launch.ts';

const tokens = new LaunchTokens('the-session-secret');
const server = createServer((request, response) => tokens.answer(request, response));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as AddressInfo).port;
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('the browser gets a one-time token, swapped once for the page with the secret; the secret is never in the URL it is opened on', async () => {
  const url = tokens.url(port);
  assert.equal(url.includes('the-session-secret'), false);
  const first = await fetch(url, { redirect: 'manual' });
  assert.equal(first.status, 303);
  assert.equal(first.headers.get('location'), '/#secret=the-session-secret');
  assert.equal((await fetch(url, { redirect: 'manual' })).status, 403, 'used once');
  assert.equal((await fetch(`http://127.0.0.1:${port}/launch?token=guess`, { redirect: 'manual' })).status, 403);
  const older = tokens.url(port);
  tokens.url(port);
  assert.equal((await fetch(older, { redirect: 'manual' })).status, 403, 'a newer token voids the older one');
});
