import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openInChromium, screenshot } from '../support/browser.ts';
import { certificate, party } from '../support/chains.ts';
import { tempDir } from '../support/temp.ts';
import { startWebShellProcess } from '../support/web-shell.ts';

// A unit's settings carry three would-be roots: a good one, text that is no certificate, and a PEM block
// whose content is not one. 设置 lists the good one and names the two others by place, with why.
const home = tempDir('trust-roots-home');
const starting = (async () => {
  const good = await certificate(await party('CN=单位根 CA'));
  const pem = (der: Uint8Array) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64')}\n-----END CERTIFICATE-----\n`;
  const damaged = pem(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]));
  writeFileSync(join(home, 'settings.json'), JSON.stringify({ trustedRoots: [pem(good), '这不是证书', damaged] }));
  return startWebShellProcess(home);
})();
let browser: Browser;
let page: Page;

before(async () => {
  ({ browser, page } = await openInChromium((await starting).url));
});
after(() => browser?.close());

test('设置 lists the trusted roots and names each skipped certificate by its place, with the reason', async () => {
  await page.getByRole('button', { name: '设置', exact: true }).click();
  const section = page.getByTestId('trust-roots');
  await section.getByTestId('skipped-root').first().waitFor();
  assert.deepEqual(
    (await section.getByTestId('trust-root').allInnerTexts()).filter((text) => text.includes('单位根 CA')),
    ['CN=单位根 CA 设置中第 1 个证书'],
  );
  const skipped = await section.getByTestId('skipped-root').allInnerTexts();
  assert.equal(skipped.length, 2);
  assert.match(skipped[0] ?? '', /^设置中第 2 个证书无法读取，已跳过：其中没有 PEM 格式的证书 SHA-256 [0-9a-f]{16}…$/);
  assert.match(skipped[1] ?? '', /^设置中第 3 个证书无法读取，已跳过：证书内容已损坏或格式不符 SHA-256 [0-9a-f]{16}…$/);
  await screenshot(page, 'settings-trust-roots');
});
