// A newcomer's first minutes: the README's `npm start` on a checkout that was never built, run again,
// after a change to the UI's and the services' sources, after a build that was killed, on a port already taken, and
// without the build tools installed.
import assert from 'node:assert/strict';
import { rmSync, utimesSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, screenshot } from '../support/browser.ts';
import { freshCheckout, npmStart, stopStarted, type Started } from '../support/fresh-checkout.ts';
import { tempDir } from '../support/temp.ts';

const checkout = freshCheckout('first-start');
const BUILDING = /正在构建界面/;
const BUILDING_SHELL = /正在构建网页版服务/;
/** A newcomer's environment: no SealDesk data, no code cache, no module or port chosen. */
const env: NodeJS.ProcessEnv = {
  ...process.env,
  SEALDESK_HOME: tempDir('first-start-home'),
  XDG_CACHE_HOME: tempDir('first-start-cache'),
  SEALDESK_NO_BROWSER: '1',
};
for (const name of ['SEALDESK_PKCS11_MODULE', 'SOFTHSM2_CONF', 'SEALDESK_PORT', 'SEALDESK_TOKEN', 'SEALDESK_PIN']) delete env[name];

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

/** `npm start`, the page opened in Chromium, and what the home page showed from its first paint on. */
async function startAndOpen(name: string): Promise<{ started: Started; emptyShown: boolean }> {
  const started = await npmStart(checkout, env);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Records whether "no USBKey" was ever on the page, however briefly, before the token answered.
    await page.addInitScript(() => {
      const seen = { empty: false };
      Object.assign(window, { seen });
      new MutationObserver(() => {
        if (document.body.innerText.includes('未检测到 USBKey')) seen.empty = true;
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await page.goto(started.url);
    await page.getByTestId('demo-banner').waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId('token-card').innerText({ timeout: 60_000 }), /SealDesk 演示/);
    await screenshot(page, name);
    const emptyShown = await page.evaluate(() => (window as unknown as { seen: { empty: boolean } }).seen.empty);
    await page.close();
    return { started, emptyShown };
  } catch (error) {
    await stopStarted(started);
    throw error;
  }
}

test('on a clone that was never built, npm start builds the UI and opens in demo mode with the demo token', async () => {
  const { started, emptyShown } = await startAndOpen('first-start');
  await stopStarted(started);
  assert.match(started.output(), BUILDING);
  assert.match(started.output(), BUILDING_SHELL);
  assert.match(started.output(), /演示资源中心 \/ demo resource center: http:\/\/127\.0\.0\.1:\d+/);
  assert.equal(emptyShown, false, '"未检测到 USBKey" must not show while the token is still opening');
});

test('a second npm start reuses the build', async () => {
  const { started } = await startAndOpen('second-start');
  await stopStarted(started);
  assert.doesNotMatch(started.output(), BUILDING);
  assert.doesNotMatch(started.output(), BUILDING_SHELL);
});

test('after a change to the UI and service sources (a git pull), npm start rebuilds both before serving', async () => {
  const now = new Date();
  utimesSync(join(checkout, 'renderer', 'src', 'App.tsx'), now, now);
  utimesSync(join(checkout, 'electron', 'services', 'app', 'app.ts'), now, now);
  const { started } = await startAndOpen('after-pull');
  await stopStarted(started);
  assert.match(started.output(), BUILDING);
  assert.match(started.output(), BUILDING_SHELL);
});

test('a build killed half-way is rebuilt, not served', async () => {
  // What a killed build leaves: Vite has emptied the output, and the finished-build stamp is gone.
  rmSync(join(checkout, 'dist', 'renderer'), { recursive: true });
  rmSync(join(checkout, 'dist', '.renderer-built'));
  const { started } = await startAndOpen('after-killed-build');
  await stopStarted(started);
  assert.match(started.output(), BUILDING);
});

test('a port already in use is named, with how to choose another', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const { port } = taken.address() as AddressInfo;
  try {
    await assert.rejects(npmStart(checkout, { ...env, SEALDESK_PORT: String(port) }), (error: { code: number; output: string }) => {
      assert.notEqual(error.code, 0);
      assert.match(error.output, new RegExp(`端口 ${port} 已被占用[^\\n]*SEALDESK_PORT`));
      assert.doesNotMatch(error.output, /\n\s+at /, 'no stack trace');
      return true;
    });
  } finally {
    taken.close();
  }
});

test('without the build tools (npm ci not run), npm start says to install them', async () => {
  rmSync(join(checkout, 'node_modules', 'vite'), { recursive: true });
  await assert.rejects(npmStart(checkout, env), (error: { code: number; output: string }) => {
    assert.notEqual(error.code, 0);
    assert.match(error.output, /缺少构建工具 vite：请先运行 npm ci/);
    return true;
  });
});
