// 印章 → 代管 on the web shell: a handover made by 张三 to 李四 (approved by 王五, each on their own USBKey
// in the demo's SoftHSM2) is shown as running; the seal done in the window meanwhile, with 李四's key
// present, is 李四's on 审计 (for 张三), and 下载 of the sealed file downloads it and adds a 打印/导出 row.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { provisionDemoWithCenter } from '../../center/demo.ts';
import { AuditTrail, Ledger } from '../../electron/services/audit/index.ts';
import { CustodyService } from '../../electron/services/custody/index.ts';
import { approverFor } from '../../electron/services/seal/index.ts';
import { JsonFileSettingsStore } from '../../electron/services/settings/index.ts';
import { TokenService } from '../../electron/services/token/index.ts';
import { launchChromium, screenshot } from '../support/browser.ts';
import { writeTestPdf } from '../support/pdf.ts';
import { addPersonalKey } from '../support/second-key.ts';
import { confirmOnSheet } from '../support/signing-sheet.ts';
import { tempDir } from '../support/temp.ts';
import { startWebShellProcess } from '../support/web-shell.ts';

const home = tempDir('e2e-custody');
let browser: Browser;
let page: Page;
let pin = '';

/** What the app would find: the demo and its center, two colleagues' USBKeys, and a handover running since a minute ago. */
async function prepare(): Promise<void> {
  const { demo } = await provisionDemoWithCenter(join(home, 'demo'));
  pin = demo.pin;
  const tokens = await TokenService.open(demo.modulePath);
  try {
    const relogin = { serial: demo.tokenSerial, pin };
    const standIn = await addPersonalKey(tokens, { name: '李四', label: '李四的 USBKey', idHex: '31' }, pin, relogin, home);
    const head = await addPersonalKey(tokens, { name: '王五', label: '王五的 USBKey', idHex: '32' }, pin, relogin, home);
    for (const serial of [standIn.serial, head.serial]) await tokens.login(serial, pin);
    const settings = new JsonFileSettingsStore(join(home, 'settings.json'));
    // 张三 (as demo mode does when it provisions) and 王五, the office head, may approve.
    const approvers = await Promise.all(
      [demo.tokenSerial, head.serial].map(async (serial) => approverFor((await tokens.certificateDer(serial, '个人证书')).certificate)),
    );
    settings.write({ ...settings.read(), approvers });
    const audit = new AuditTrail({ ledger: Ledger.in(home), method: 'desktop', tokens: () => tokens });
    await new CustodyService({ dataDir: home, settings, tokens: () => tokens, audit }).delegate({
      standIn: { serial: standIn.serial, certificate: '个人证书' },
      approver: { serial: head.serial, certificate: '个人证书' },
      from: new Date(Date.now() - 60_000),
      until: new Date(Date.now() + 2 * 3_600_000),
      reason: '保管人出差',
    });
  } finally {
    await tokens.close();
  }
}
const starting = startWebShellProcess(home, {}, prepare());

before(async () => {
  const shell = await starting;
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  await page.goto(shell.url);
});
after(() => browser?.close());

test("代管 shows the running handover; the seal meanwhile is the stand-in's on 审计, and 下载 is on record", async () => {
  await page.getByRole('button', { name: '印章' }).first().click();
  await page.getByRole('tab', { name: '代管' }).click();
  const row = page.getByTestId('custody-table').locator('tbody tr');
  assert.match(await row.innerText(), /代管中\t李四\t.+至.+\t保管人出差\t王五\t示例市大数据管理局电子印章/);
  await page.getByRole('button', { name: '收回印章' }).waitFor();
  await screenshot(page, 'custody');

  writeTestPdf(join(home, '通知.pdf'), 1);
  await page.getByRole('tab', { name: '签发与盖章' }).click();
  await page.getByLabel('PDF 文件路径').fill(join(home, '通知.pdf'));
  await page.getByRole('button', { name: '签发', exact: true }).click();
  await confirmOnSheet(page, '签发', pin);
  const approved = join(home, '通知-已签发.pdf');
  await page.getByTestId('seal-results').getByText(`已生成 ${approved}`).waitFor();
  await page.getByLabel('PDF 文件路径').fill(approved);
  await page.getByRole('button', { name: '盖章', exact: true }).click();
  await confirmOnSheet(page, '盖章', pin, true);
  const sealed = join(home, '通知-已盖章.pdf');
  await page.getByTestId('seal-results').getByText(`已生成 ${sealed}`).waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载' }).click()]);
  assert.equal(download.suggestedFilename(), '通知-已盖章.pdf');

  await page.getByRole('button', { name: '审计' }).first().click();
  await page.getByLabel('存储口令', { exact: true }).fill('代管测试口令-2026');
  await page.getByLabel('再次输入口令').fill('代管测试口令-2026');
  await page.getByRole('button', { name: '设置口令并开始' }).click();
  const rows = page.locator('.audit-table tbody tr');
  await rows.first().waitFor();
  const texts = await rows.allInnerTexts();
  assert.equal(texts.length, 4);
  assert.match(texts[0] ?? '', /打印\/导出[\s\S]*张三[\s\S]*电子印章[\s\S]*通知-已盖章\.pdf[\s\S]*网页/);
  assert.match(texts[1] ?? '', /盖章[\s\S]*李四 \(代 张三 盖章\)[\s\S]*电子印章/);
  assert.match(texts[3] ?? '', /代管交接[\s\S]*张三[\s\S]*王五[\s\S]*李四：保管人出差/);
});
