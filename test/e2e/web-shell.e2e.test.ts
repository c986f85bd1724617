import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openInChromium, screenshot as saveScreenshot } from '../support/browser.ts';
import { tempDir } from '../support/temp.ts';
import { startWebShellProcess } from '../support/web-shell.ts';

const home = tempDir('e2e');
const starting = startWebShellProcess(home);
let browser: Browser;
let page: Page;

before(async () => {
  ({ browser, page } = await openInChromium((await starting).url));
});
after(() => browser?.close());

function screenshot(name: string): Promise<void> {
  return saveScreenshot(page, name);
}

function demoPin(): string {
  const manifest = JSON.parse(readFileSync(join(home, 'demo', 'demo.json'), 'utf8')) as { pin: string };
  return manifest.pin;
}

test('comes up in demo mode with the demo token on 首页 and the secret gone from the address bar', async () => {
  await page.getByTestId('demo-banner').waitFor();
  assert.match(await page.getByTestId('demo-banner').innerText(), new RegExp(`演示模式.*${demoPin()}`));
  const card = page.getByTestId('token-card');
  await card.waitFor();
  assert.match(await card.innerText(), /SealDesk 演示[\s\S]*SoftHSM project[\s\S]*正常/);
  assert.doesNotMatch(page.url(), /secret/);
  await screenshot('home');
});

test('a wrong PIN is refused in Chinese, the right one logs in', async () => {
  await page.getByLabel('PIN 码').fill('000000');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('alert').filter({ hasText: 'PIN 码错误' }).waitFor();
  await page.getByLabel('PIN 码').fill(demoPin());
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('button', { name: '退出登录' }).first().waitFor();
  assert.equal((await page.getByText('已登录').count()) > 0, true);
});

test('证书 lists the unit, personal and seal certificates; details show the chain and fingerprint; test signature succeeds', async () => {
  await page.getByTestId('token-card').getByRole('button', { name: '查看证书' }).click();
  const cards = page.getByTestId('certificate-card');
  await cards.first().waitFor();
  const text = await page.locator('.cert-list').innerText();
  for (const expected of ['单位证书', '个人证书', '印章证书', 'RSA 2048', 'EC P-256', '统一社会信用代码', '剩余'])
    assert.ok(text.includes(expected), expected);
  const unit = cards.filter({ hasText: 'RSA 2048' });
  const status = await unit.getByTestId('certificate-status').innerText();
  assert.match(status, /有效，剩余 36\d 天/);
  assert.match(status, /可信：证书链到本机信任的根证书/);
  assert.match(status, /吊销状态未知：尚未从资源中心取得吊销列表/, 'not enrolled yet: no CRL to answer from');
  await unit.getByRole('button', { name: '详情' }).click();
  assert.match(await unit.getByTestId('fingerprint').first().innerText(), /^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
  assert.match(await unit.innerText(), /证书链[\s\S]*演示 CA/);
  assert.match(await unit.innerText(), /有效期\s*\d{4}年\d{1,2}月\d{1,2}日 — \d{4}年\d{1,2}月\d{1,2}日/);
  assert.doesNotMatch(await unit.innerText(), /\d{4}-\d{2}-\d{2}T/, 'no ISO time strings');
  await unit.getByRole('button', { name: '测试签名' }).click();
  await unit.getByText('测试签名成功').waitFor();
  await screenshot('certificates');
});

test('审计 asks for the local store first, 诊断 shows module, mechanisms and findings', async () => {
  await page.getByRole('button', { name: '审计', exact: true }).click();
  await page.getByText('设置本地存储口令').waitFor();
  await page.getByRole('button', { name: '诊断' }).click();
  await page.locator('.findings').waitFor();
  const report = await page.locator('.diagnostics').innerText();
  assert.match(report, /libsofthsm2/);
  assert.match(report, /CKM_ECDSA/);
  assert.match(report, /正在使用演示模式/);
  await screenshot('diagnostics');
});

test('设置 switches the language to English and back', async () => {
  await page.getByRole('button', { name: '设置', exact: true }).click();
  await screenshot('settings');
  await page.getByLabel('English').click();
  await page.getByRole('button', { name: 'Settings' }).waitFor();
  assert.match(await page.locator('nav').innerText(), /Home[\s\S]*Certificates[\s\S]*Seals[\s\S]*Applications[\s\S]*Sync[\s\S]*Audit/);
  await page.getByRole('button', { name: 'Home' }).click();
  await page.getByText('Connected USBKeys').waitFor();
  await screenshot('home-en');
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('中文').click();
  await page.getByRole('button', { name: '设置', exact: true }).waitFor();
});

test('a module path that is not PKCS#11 is refused in Chinese and the demo keeps working', async () => {
  await page.getByLabel('驱动文件路径').fill('/etc/hostname');
  await page.getByRole('button', { name: '应用' }).click();
  await page.getByRole('alert').filter({ hasText: '不是可用的 PKCS#11 驱动' }).waitFor();
  await page.getByRole('button', { name: '首页' }).click();
  await page.getByTestId('token-card').waitFor();
});

test('a token plugged in while the page is open appears on 首页 within 2 s, and goes when pulled', async () => {
  const demoDir = join(home, 'demo');
  const tokenDir = join(demoDir, 'tokens');
  const before = new Set(readdirSync(tokenDir));
  await page.getByRole('button', { name: '首页' }).click();
  // softhsm2-util is how SoftHSM2 tokens are made; this throwaway token's PINs protect nothing.
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', '第二把 USBKey', '--so-pin', '87654321', '--pin', '4321'], {
    env: { ...process.env, SOFTHSM2_CONF: join(demoDir, 'softhsm2.conf') },
    stdio: 'ignore',
  });
  await page.getByTestId('token-card').filter({ hasText: '第二把 USBKey' }).waitFor({ timeout: 2000 });
  await screenshot('home-two-tokens');
  for (const dir of readdirSync(tokenDir).filter((d) => !before.has(d))) rmSync(join(tokenDir, dir), { recursive: true });
  await page.getByTestId('token-card').filter({ hasText: '第二把 USBKey' }).waitFor({ state: 'detached', timeout: 2000 });
});

test('once the demo PIN is changed, the banner stops showing the old one', async () => {
  const oldPin = demoPin();
  const card = page.getByTestId('token-card').filter({ hasText: 'SealDesk 演示' });
  await card.getByRole('button', { name: '修改 PIN' }).click();
  const form = card.getByRole('form', { name: '修改 PIN' });
  await form.getByLabel('当前 PIN').fill(oldPin);
  await form.getByLabel('新 PIN', { exact: true }).fill('Seal2026desk');
  await form.getByLabel('再次输入新 PIN').fill('Seal2026desk');
  await form.getByRole('button', { name: '确认修改' }).click();
  await card.getByText('PIN 已修改。').waitFor();
  await page.getByTestId('demo-banner').filter({ hasText: '演示 PIN 已由您修改' }).waitFor();
  assert.doesNotMatch(await page.getByTestId('demo-banner').innerText(), new RegExp(oldPin));
});

test('at 1024 × 700 every section fits (the sidebar labels stay on one line, the page does not scroll sideways) and shows no ISO time', async () => {
  await page.setViewportSize({ width: 1024, height: 700 });
  try {
    const nav = page.getByRole('navigation');
    for (const section of ['首页', '证书', '印章', '申请', '同步', '审计', '设置', '诊断']) {
      await nav.getByRole('button', { name: section, exact: true }).click();
      // Content wider than the window (a long outbox row, a wide table) scrolls inside the section.
      await page.locator('main.content').evaluate((main) => {
        const wide = document.createElement('div');
        wide.style.width = '1600px';
        wide.textContent = '宽内容';
        main.append(wide);
      });
      const heights = await nav.getByRole('button').evaluateAll((items) => items.map((item) => item.getBoundingClientRect().height));
      assert.ok(Math.max(...heights) < 48, `${section}: a label wrapped (${Math.max(...heights)} px tall)`);
      assert.doesNotMatch(await page.locator('main.content').innerText(), /\d{4}-\d{2}-\d{2}T\d{2}:/, `${section}: an ISO time string`);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= 1024, `${section}: the page is ${scrollWidth} px wide`);
    }
    await screenshot('narrow-1024');
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});
