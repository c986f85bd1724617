import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openRecordingNotifications, screenshot, shownNotifications } from '../support/browser.ts';
import { certificate, DAY, party, SIGNING } from '../support/chains.ts';
import { freshDemo } from '../support/demo.ts';
import { tempDir } from '../support/temp.ts';
import { startWebShellProcess } from '../support/web-shell.ts';

// A device certificate with 10 days left is put on the token before the app starts: nobody asked, yet the
// first window that opens must say so, once.
const provisioned = freshDemo('expiry-reminder');
const starting = provisioned.then(async (demo) => {
  const der = await certificate(await party('CN=前置机设备证书'), {
    basicConstraints: { ca: false },
    keyUsage: SIGNING,
    notAfter: new Date(Date.now() + 10 * DAY - 60_000),
  });
  const file = join(tempDir('expiring'), 'device.der');
  writeFileSync(file, der);
  // pkcs11-tool is how IT staff put a certificate on a key; this throwaway token's PIN protects nothing.
  execFileSync(
    'pkcs11-tool',
    ['--module', demo.modulePath, '--token-label', demo.tokenLabel, '--login', '--pin', demo.pin].concat([
      '--write-object',
      file,
      '--type',
      'cert',
      '--id',
      '0e',
      '--label',
      '设备证书',
    ]),
    { env: { ...process.env, SOFTHSM2_CONF: demo.softhsmConf }, stdio: 'ignore' },
  );
  return startWebShellProcess(tempDir('expiry-reminder-home'), {
    SEALDESK_PKCS11_MODULE: demo.modulePath,
    SOFTHSM2_CONF: demo.softhsmConf,
  });
});
let browser: Browser;
let page: Page;

before(async () => {
  ({ browser, page } = await openRecordingNotifications(await starting));
});
after(() => browser?.close());

test('a certificate within 14 days of expiry is announced in the window and as a desktop notification, once', async () => {
  const reminder = /证书“设备证书”将在 9 天后到期，请及时更新。/;
  await page.getByRole('status').getByText(reminder).waitFor();
  assert.equal((await shownNotifications(page)).filter((body) => reminder.test(body)).length, 1);
  await page
    .getByTestId('token-card')
    .getByRole('button', { name: /张证书需要处理/ })
    .waitFor();
  await screenshot(page, 'expiry-reminder');

  await page.reload();
  await page.getByTestId('token-card').waitFor();
  await page
    .getByTestId('token-card')
    .getByRole('button', { name: /张证书需要处理/ })
    .waitFor();
  assert.deepEqual(await shownNotifications(page), [], 'said once: not again after a reload');
  assert.equal(await page.getByText(reminder).count(), 0);
});
