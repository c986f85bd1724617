// npm run bench: the web shell as a user feels it, in Chromium through Playwright, beside the CLI doing the
// same work as a whole process: switching sections, the first page of a 5-page and of a 200 MB PDF on the
// seal preview, a wrong PIN answered (beside the token's own C_Login), and 验章's verdict. Each figure is
// timed inside the page, from the click to the frame that shows the answer; the web shell's memory is
// taken once it has started and after the runs.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pkcs11js from 'pkcs11js';
import type { Locator, Page } from 'playwright-core';
import { buildWebShell, webShellIsCurrent } from '../../build/build-web.mjs';
import { readDemoEnvironment } from '../../electron/services/demo/environment.ts';
import type { DemoEnvironment } from '../../electron/services/demo/index.ts';
import { launchChromium } from '../support/browser.ts';
import { demoCliEnv } from '../support/demo.ts';
import { writeTestPdf } from '../support/pdf.ts';
import { rssBytes } from '../support/rss.ts';
import { spawnWebShell } from '../support/web-shell.ts';
import { row, timed } from './measure.ts';

const MB = 1024 * 1024;
const ROUNDS = 3;
const SECTIONS = ['首页', '证书', '印章', '申请', '同步', '审计', '设置', '诊断'];
const WRONG_PIN = '999999-wrong';
const root = fileURLToPath(new URL('../..', import.meta.url));
const sealdesk = join(root, 'bin', 'sealdesk.mjs');
const dir = mkdtempSync(join(tmpdir(), 'sealdesk-ui-bench-'));
// The bench runs alone, so it may build the bundle itself (test files refuse a stale one).
if (!webShellIsCurrent()) await buildWebShell();
const { child: shellProcess, ready } = spawnWebShell(join(dir, 'home'));

/** Milliseconds from clicking `button` to the first frame where `done` (a selector, holding `text` if given) is on the page. */
function clickUntil(button: Locator, done: string, text?: string): Promise<number> {
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  return button.evaluate(
    async (element, { done, text }) => {
      const start = performance.now();
      (element as HTMLElement).click();
      for (;;) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        if ([...document.querySelectorAll(done)].some((e) => text === undefined || (e.textContent ?? '').includes(text))) {
          return performance.now() - start;
        }
        if (performance.now() - start > 120_000) throw new Error(`${done} never appeared`);
      }
    },
    { done, text },
  );
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const ms = (value: number): string => `${Math.round(value)} ms`;
const mb = (value: number): string => `${Math.round(value)} MB`;
const shellMb = (): number => rssBytes(shellProcess.pid ?? 0) / MB;

async function waitForDemo(home: string): Promise<DemoEnvironment> {
  for (;;) {
    const demo = readDemoEnvironment(join(home, 'demo'));
    if (demo !== null) return demo;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** C_Login with a wrong PIN straight on the token's PKCS#11 module: the part of the answer no UI can shorten. */
function tokenWrongPinMs(demo: DemoEnvironment): number {
  process.env['SOFTHSM2_CONF'] = demo.softhsmConf;
  const module = new pkcs11js.PKCS11();
  module.load(demo.modulePath);
  module.C_Initialize();
  try {
    const slot = module.C_GetSlotList(true).find((s) => module.C_GetTokenInfo(s).serialNumber.trim() === demo.tokenSerial);
    if (slot === undefined) throw new Error('the demo token is not in any slot');
    const session = module.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
    const times = Array.from({ length: ROUNDS }, () => {
      const start = performance.now();
      try {
        module.C_Login(session, pkcs11js.CKU_USER, WRONG_PIN);
      } catch {
        // CKR_PIN_INCORRECT is the answer being timed.
      }
      return performance.now() - start;
    });
    module.C_CloseSession(session);
    return median(times);
  } finally {
    module.C_Finalize();
  }
}

/** The app loaded afresh (the launch URL differs only by its #secret, so going to it again would not reload). */
async function reopen(page: Page): Promise<void> {
  await page.reload();
  await page.getByRole('navigation').getByRole('button', { name: '首页', exact: true }).waitFor();
}

async function sectionSwitches(page: Page): Promise<{ median: number; worst: number; worstSection: string }> {
  const times: { section: string; ms: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const section of SECTIONS) {
      await page.evaluate(() => document.querySelector('main h2')?.setAttribute('data-bench-before', ''));
      const button = page.getByRole('navigation').getByRole('button', { name: section, exact: true });
      times.push({ section, ms: await clickUntil(button, 'main h2:not([data-bench-before])') });
    }
  }
  const worst = times.reduce((a, b) => (b.ms > a.ms ? b : a));
  return { median: median(times.map((t) => t.ms)), worst: worst.ms, worstSection: worst.section };
}

/** From a freshly opened 签发与盖章 tab: 预览并放置印章 until the main page is drawn. */
async function firstPage(page: Page, path: string): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await reopen(page);
    await page.getByRole('navigation').getByRole('button', { name: '印章', exact: true }).click();
    await page.getByRole('tab', { name: '签发与盖章' }).click();
    await page.getByLabel('PDF 文件路径').fill(path);
    times.push(await clickUntil(page.getByRole('button', { name: '预览并放置印章' }), '.page-view .pdf-page[data-rendered="true"]'));
  }
  return median(times);
}

async function wrongPin(page: Page): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await reopen(page);
    await page.getByRole('navigation').getByRole('button', { name: '证书', exact: true }).click();
    await page.getByLabel('PIN 码').fill(WRONG_PIN);
    times.push(await clickUntil(page.getByRole('button', { name: '登录', exact: true }), 'form.login', 'PIN 码错误'));
  }
  return median(times);
}

/** The median, and the first of the session: the service runs its verification code cold then (V8 has not optimised it yet). */
async function verdict(page: Page, path: string): Promise<{ median: number; first: number }> {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await reopen(page);
    await page.getByRole('navigation').getByRole('button', { name: '印章', exact: true }).click();
    await page.getByRole('tab', { name: '验章' }).click();
    await page.getByLabel('要验证的 PDF 文件路径').fill(path);
    times.push(await clickUntil(page.getByRole('button', { name: '验证', exact: true }), '[data-testid="verdict-word"]'));
  }
  return { median: median(times), first: times[0] ?? NaN };
}

try {
  const shell = await ready;
  const demo = await waitForDemo(join(dir, 'home'));
  const startedMb = shellMb();
  const five = join(dir, 'five.pdf');
  writeTestPdf(five, 5);
  const big = join(dir, 'big.pdf');
  writeTestPdf(big, 5, 200 * MB);

  // A signed document made from the command line with the same token: approved, then sealed.
  const cliEnv = demoCliEnv(demo, join(dir, 'cli-home'));
  const cli = (args: string[], env: NodeJS.ProcessEnv = cliEnv, expectFailure = false) =>
    timed(process.execPath, [sealdesk, ...args], env, expectFailure);
  await cli(['approvers', 'add', '--cert', '个人证书']);
  const approved = join(dir, 'five-approved.pdf');
  const sealed = join(dir, 'five-sealed.pdf');
  await cli(['approve', five, '-o', approved, '--cert', '个人证书', '--page', 'last', '--x', '150', '--y', '240']);
  await cli(['seal', approved, '-o', sealed, '--seal', '电子印章', '--page', 'last', '--x', '150', '--y', '200']);
  if (!existsSync(sealed)) throw new Error('the CLI did not seal the bench document');
  await cli(['verify', sealed]); // warms the code cache, as a user's second run finds it
  const cliVerify = await cli(['verify', sealed]);
  const cliWrongPin = await cli(['test-signature', '--cert', '个人证书'], { ...cliEnv, SEALDESK_PIN: WRONG_PIN }, true);
  const tokenMs = tokenWrongPinMs(demo);

  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(shell.url);
    await page.getByRole('navigation').getByRole('button', { name: '首页', exact: true }).waitFor();
    await page.getByTestId('overview').or(page.getByTestId('token-card')).first().waitFor();
    const switches = await sectionSwitches(page);
    const fivePage = await firstPage(page, five);
    const bigPage = await firstPage(page, big);
    const pin = await wrongPin(page);
    const verify = await verdict(page, sealed);
    const afterRunsMb = shellMb();

    process.stdout.write(
      `\nThe web shell in Chromium (1280 × 900), median of ${ROUNDS}; the CLI as a whole process (Node start included)\n`,
    );
    row(['', 'web shell', 'CLI', 'aim']);
    row(['section switch', ms(switches.median), '—', '< 100 ms']);
    row([`  worst (${switches.worstSection})`, ms(switches.worst), '—', '< 100 ms']);
    row(['first page, 5 pages', ms(fivePage), '—', '< 500 ms']);
    row(['first page, 200 MB', ms(bigPage), '—', '< 500 ms']);
    row(['wrong PIN answered', ms(pin), ms(cliWrongPin.seconds * 1000), '< 300 ms + token']);
    row(['  the token itself', ms(tokenMs), '', '']);
    row(['验章 verdict', ms(verify.median), ms(cliVerify.seconds * 1000), '< 300 ms']);
    row(['  first in session', ms(verify.first), '', '']);
    row(['RSS once started', mb(startedMb), '', '']);
    row(['  after the runs', mb(afterRunsMb), `${mb(cliVerify.peakMb)} peak (验章)`, '']);
  } finally {
    await browser.close();
  }
} finally {
  shellProcess.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
}
