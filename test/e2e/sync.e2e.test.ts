import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { FORM_CATALOG } from '../../shared/forms/index.ts';
import { openRecordingNotifications, screenshot, shownNotifications } from '../support/browser.ts';
import { writeTestPdf } from '../support/pdf.ts';
import { scanPng } from '../support/png.ts';
import { readCenterConfig, writeCenterConfig } from '../../center/config.ts';
import { runSealdeskAsync } from '../support/cli.ts';
import { CuttingProxy } from '../support/cutting-proxy.ts';
import { decryptAtCenter, verifyApplicationSignature } from '../support/openssl.ts';
import { approveAndSeal } from '../support/signing-sheet.ts';
import { tempDir } from '../support/temp.ts';
import { startWebShellProcess } from '../support/web-shell.ts';

// `npm start` in demo mode: the web shell with its demo token and the local reference center,
// reached through a relay the test can take offline.
const home = tempDir('e2e-sync');
const centerDir = join(home, 'demo', 'center');
const relay = await CuttingProxy.start(() => readCenterConfig(centerDir).port);
// The center takes requests signed for the relay's address because its configuration names it.
mkdirSync(centerDir, { recursive: true });
writeCenterConfig(centerDir, { origins: [relay.url] });
const starting = startWebShellProcess(home, { SEALDESK_CENTER_URL: relay.url });
const PASSPHRASE = '同步测试存储口令-2026';
const RETURN_REASON = '请补充地址段用途说明';
let browser: Browser;
let page: Page;

const demoPin = (): string => (JSON.parse(readFileSync(join(home, 'demo', 'demo.json'), 'utf8')) as { pin: string }).pin;
const outboxRows = () => page.locator('tr[data-submission]');
const outboxRow = () => outboxRows().first();

/** The operator's side: `sealdesk center …` on the demo center's data directory, while the app serves it. */
async function operator(args: string[]): Promise<string> {
  const result = await runSealdeskAsync(['center', ...args, '--dir', centerDir], {});
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

/**
 * The round trip every certificate request makes: 立即同步 sends the queued item titled `title`, the
 * operator decides, and the next 立即同步 brings the center's answer, shown on its row as `answer`.
 */
async function centerDecides(title: string, decision: string[], answer: string): Promise<void> {
  await page.getByRole('button', { name: '同步' }).first().click();
  await page.getByRole('button', { name: '立即同步' }).click();
  const row = outboxRows().filter({ hasText: title });
  await row.getByText('已送达').waitFor();
  await operator(['decide', (await row.getAttribute('data-submission')) ?? '', ...decision]);
  await page.getByRole('button', { name: '立即同步' }).click();
  await row.getByText(answer).waitFor();
}

before(async () => {
  ({ browser, page } = await openRecordingNotifications(await starting));
});
after(async () => {
  await browser?.close();
  await relay.proxy.close();
});

/** 签名并放入待提交, then the sheet's 确认签名 (the key is logged in since enrolment: no PIN asked). */
async function signOnSheet(): Promise<void> {
  await page.getByRole('button', { name: '签名并放入待提交' }).click();
  await page.getByRole('dialog', { name: '确认签名申请' }).getByRole('button', { name: '确认签名' }).click();
}

test('同步 enrols with the demo center: login, address and one-time code are offered, the unit is registered', async () => {
  await page.getByRole('button', { name: '同步' }).first().click();
  await page.getByLabel('存储口令', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('再次输入口令').fill(PASSPHRASE);
  await page.getByRole('button', { name: '设置口令并开始' }).click();
  await page.getByText('首次使用请向资源中心申请一次性注册码').waitFor();
  assert.match(await page.getByLabel('资源中心地址').inputValue(), /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok((await page.getByLabel('注册码').inputValue()).length >= 6);
  await page.getByLabel('PIN 码').fill(demoPin());
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await page.getByText('已注册为“示例市大数据管理局”').waitFor();
  await page.getByText('发件箱为空').waitFor();
});

test('a signed application goes out from the outbox and shows 已送达 with the center’s 已接收', async () => {
  const example = FORM_CATALOG.find((form) => form.id === 'ip-allocation')?.example ?? {};
  writeFileSync(join(home, 'ip.json'), JSON.stringify(example));
  await page.getByRole('button', { name: '申请' }).first().click();
  await page.getByRole('button', { name: '新建申请' }).click();
  await page.locator('[data-form="ip-allocation"] input[type="file"]').setInputFiles(join(home, 'ip.json'));
  await signOnSheet();
  await page.getByText('已签名，申请已放入待提交队列。').waitFor();

  await page.getByRole('button', { name: '同步' }).first().click();
  await page.getByRole('button', { name: '立即同步' }).click();
  await page.getByText('同步完成。').waitFor();
  await outboxRow().getByText('已送达').waitFor();
  await outboxRow().getByText('资源中心：已接收').waitFor();
  assert.equal(await outboxRow().getByRole('progressbar').getAttribute('value'), '1');
  await page.getByText(/上次成功同步：/).waitFor();

  // The operator opens what arrived: the signed package, which openssl verifies against the demo CA.
  const [received] = JSON.parse(await operator(['list', '--json'])) as { parts: { name: string; uploadId: string }[] }[];
  assert.deepEqual(
    received?.parts.map((part) => part.name),
    ['application.json', 'application.p7s'],
  );
  const opened = join(home, 'received');
  mkdirSync(opened);
  for (const part of received?.parts ?? []) assert.equal(decryptAtCenter(centerDir, part.uploadId, join(opened, part.name)).ok, true);
  assert.equal(verifyApplicationSignature(opened, join(home, 'demo', 'demo-ca.pem')).ok, true);
});

test('the center returns it with a reason: a notification, 退回 on the outbox and the application, which is a draft again', async () => {
  const id = (await outboxRow().getAttribute('data-submission')) ?? '';
  await operator(['decide', id, 'return', '--reason', RETURN_REASON]);
  await page.getByRole('button', { name: '立即同步' }).click();
  const notice = `“IP 地址分配申请”：退回（${RETURN_REASON}）`;
  await page.getByRole('status').getByText(notice).waitFor();
  assert.deepEqual(await shownNotifications(page), ['“IP 地址分配申请”：已接收', notice]);
  await outboxRow().getByText('资源中心：退回').waitFor();
  await outboxRow().getByText(`原因：${RETURN_REASON}`).waitFor();
  await screenshot(page, 'sync');

  // 首页 lists the return among what needs attention; its button opens 申请.
  await page.getByRole('button', { name: '首页' }).first().click();
  const returned = page
    .getByTestId('overview')
    .getByRole('listitem')
    .filter({ hasText: `申请“IP 地址分配申请”被退回：${RETURN_REASON}` });
  await returned.getByRole('button', { name: '打开申请' }).click();
  const row = page.locator('tbody tr').first();
  await row.getByText('草稿').waitFor();
  await row.getByText('资源中心：退回').waitFor();
  await row.getByRole('button', { name: '打开' }).click();
  await page.getByRole('alert').getByText(`资源中心已退回此申请：${RETURN_REASON}`).waitFor();
  await page.getByRole('button', { name: '签名并放入待提交' }).waitFor();
});

test('with the center unreachable the newly signed edition waits in the outbox with the error; 重试 sends it once the network is back', async () => {
  relay.proxy.setOffline(true);
  await signOnSheet();
  await page.getByText('已签名，申请已放入待提交队列。').waitFor();
  // Signing starts a send at once, in the background; its failure is what 同步 shows.
  await page.getByRole('button', { name: '同步' }).first().click();
  await page
    .getByRole('alert')
    .getByText(/同步失败：.*无法连接/)
    .waitFor();
  const waiting = outboxRows().last();
  await waiting.getByText('待发送', { exact: true }).waitFor();
  await waiting.getByText(/将于 .* 重试/).waitFor();
  // 首页 counts it among what needs attention; its button leads back to 同步.
  await page.getByRole('button', { name: '首页' }).first().click();
  await page
    .getByTestId('overview')
    .getByRole('listitem')
    .filter({ hasText: '1 项等待发送' })
    .getByRole('button', { name: '前往同步' })
    .click();
  await waiting.getByText('待发送', { exact: true }).waitFor();

  relay.proxy.setOffline(false);
  await page.getByRole('button', { name: '重试' }).click();
  await page.getByText('同步完成。').waitFor();
  await waiting.getByText('资源中心：已接收').waitFor();
  assert.equal(await outboxRows().count(), 2);
  const listed = JSON.parse(await operator(['list', '--json'])) as { id: string; status: string }[];
  assert.deepEqual(listed.map((s) => s.status).sort(), ['received', 'returned']);
});

test('an application the center refuses: 被拒绝 with its reason on 同步; back to draft, 申请 and the editor show the reason until it is signed again', async () => {
  const example = FORM_CATALOG.find((form) => form.id === 'network-access')?.example ?? {};
  writeFileSync(join(home, 'network.json'), JSON.stringify(example));
  writeTestPdf(join(home, 'report.pdf'), 1);
  await page.getByRole('button', { name: '申请' }).first().click();
  await page.getByRole('button', { name: '新建申请' }).click();
  await page.locator('[data-form="network-access"] input[type="file"]').setInputFiles(join(home, 'network.json'));
  // A name over 255 characters is refused as it is attached, with the reason.
  const tooLong = `${'网络拓扑图'.repeat(51)}.png`;
  await page.locator('input[name="topology"]').setInputFiles({ name: tooLong, mimeType: 'image/png', buffer: scanPng(96) });
  await page
    .getByText('文件名“网络拓扑图网络拓扑图网络拓扑图网络拓扑图…”有 259 个字符，最多允许 255 个。请重命名文件后重新添加。')
    .waitFor();
  // A control character (a bell, pasted into the name) passes the desk; the center refuses the submission.
  const badName = '网络拓扑图\u0007.png';
  await page.locator('input[name="topology"]').setInputFiles({ name: badName, mimeType: 'image/png', buffer: scanPng(96) });
  await page.locator('input[name="securityReport"]').setInputFiles(join(home, 'report.pdf'));
  await page.locator('input[name="securityCommitment"]').setInputFiles(join(home, 'report.pdf'));
  await page.getByTestId('problem-count').getByText('填写完整，可以签名。').waitFor();
  await signOnSheet();
  await page.getByText('已签名，申请已放入待提交队列。').waitFor();

  await page.getByRole('button', { name: '同步' }).first().click();
  await page.getByRole('button', { name: '立即同步' }).click();
  const reason = /资源中心拒绝了请求：请求内容不符合接口规范（parts\.\d+\.name: part name: /;
  const refused = outboxRows().filter({ hasText: '政务外网接入申请' });
  await refused.getByText('被拒绝').waitFor();
  await refused.getByText(reason).waitFor();
  page.once('dialog', (dialog) => void dialog.accept());
  await refused.getByRole('button', { name: '退回草稿修改' }).click();
  await refused.waitFor({ state: 'detached' });

  await page.getByRole('button', { name: '申请' }).first().click();
  const row = page.locator('tbody tr', { hasText: '政务外网接入申请' });
  await row.getByText('草稿').waitFor();
  await row.getByText('被拒绝').waitFor();
  await row.getByText(reason).waitFor();
  await row.getByRole('button', { name: '打开' }).click();
  const banner = page.getByRole('alert').filter({ hasText: '资源中心拒收了此申请。' });
  assert.match(await banner.innerText(), reason);
  await screenshot(page, 'application-refused');

  // The clerk renames the file and signs again: the banner goes, and the new edition reaches the center.
  await page.locator('input[name="topology"]').setInputFiles({ name: '网络拓扑图.png', mimeType: 'image/png', buffer: scanPng(96) });
  await page.getByText('网络拓扑图.png（').waitFor();
  await signOnSheet();
  await page.getByText('已签名，申请已放入待提交队列。').waitFor();
  await banner.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: '同步' }).first().click();
  await page.getByRole('button', { name: '立即同步' }).click();
  await outboxRows().filter({ hasText: '政务外网接入申请' }).getByText('资源中心：已接收').waitFor();
});

test('enrolled, a seal gets the center’s time-stamp and CRL: 验章 shows PAdES B-LT, the time the center proves and the revocation status', async () => {
  writeTestPdf(join(home, '通知.pdf'), 1);
  const sealed = await approveAndSeal(page, join(home, '通知.pdf'), demoPin());

  await page.getByRole('tab', { name: '验章' }).click();
  await page.getByLabel('要验证的 PDF 文件路径').fill(sealed);
  await page.getByRole('button', { name: '验证' }).click();
  await page.getByTestId('verify-report').waitFor();
  const levels = await page.getByTestId('level').allInnerTexts();
  assert.equal(levels.length, 2);
  for (const level of levels) assert.match(level, /^PAdES B-LT：资源中心 时间戳服务 证明签名不晚于 .+ 已存在。$/);
  const revocations = await page.getByTestId('revocation').allInnerTexts();
  assert.equal(revocations.length, 2);
  for (const line of revocations)
    assert.match(line, /^吊销状态：已依据文档内嵌数据检查（.+）：文档验证数据（DSS）中的吊销列表（CRL）表明签名时证书未被吊销$/);
});

test('a notice the center publishes arrives with the next sync: announced in the window and listed on 同步', async () => {
  await operator(['notice', '关于调整电子印章使用情况报送周期的通知', '--body', '自 2027 年起，按季度报送印章使用情况。']);
  await page.getByRole('button', { name: '同步' }).first().click();
  await page.getByRole('button', { name: '立即同步' }).click();
  await page.getByRole('status').getByText('资源中心发布通知：关于调整电子印章使用情况报送周期的通知').waitFor();
  const listed = page.locator('.center-notices article').first();
  await listed.getByText('自 2027 年起，按季度报送印章使用情况。').waitFor();
  assert.equal(await page.locator('.center-notices article').count(), 1);
});

test('a form the center adds to its catalog is offered under 新建申请 after the next sync, and opens to be filled in', async () => {
  const catalog = JSON.parse(await operator(['catalog'])) as { forms: { id: string; title: string; description: string }[] };
  const contact = catalog.forms.find((form) => form.id === 'contact-change');
  assert.ok(contact);
  const quarterly = {
    ...contact,
    id: 'seal-use-report',
    title: '电子印章使用情况季度报送',
    description: '按季度报送本单位电子印章的使用情况。',
  };
  writeFileSync(join(home, 'catalog.json'), JSON.stringify({ ...catalog, forms: [...catalog.forms, quarterly] }));
  await operator(['catalog', join(home, 'catalog.json')]);
  await page.getByRole('button', { name: '同步' }).first().click();
  await page.getByRole('button', { name: '立即同步' }).click();
  // Whether the pass ends before 申请 opens or after (catalog.changed), the new form is listed.
  await page.getByRole('button', { name: '申请' }).first().click();
  await page.getByRole('button', { name: '新建申请' }).click();
  const offered = page.locator('[data-form="seal-use-report"]');
  await offered.getByText('按季度报送本单位电子印章的使用情况。').waitFor();
  await offered.getByRole('button', { name: '开始填写' }).click();
  await page.getByRole('heading', { name: '电子印章使用情况季度报送' }).waitFor();
});

test('更新 on the 证书 page: a new key on the token, 更新中 until the center completes it, then the new certificate and removal of the old one', async () => {
  await page.getByRole('button', { name: '证书', exact: true }).click();
  const personal = page.getByTestId('certificate-card').filter({ hasText: '个人证书' }).first();
  await personal.getByRole('button', { name: '更新' }).click();
  await personal.getByRole('button', { name: '确认' }).click();
  await personal.getByTestId('certificate-request').getByText('更新中：已提交，等待资源中心签发').waitFor();

  await centerDecides('证书更新：个人证书', ['complete'], '办结');

  await page.getByRole('button', { name: '证书', exact: true }).click();
  const old = page.getByTestId('certificate-card').filter({ hasText: '个人证书（旧）' });
  await old.getByTestId('certificate-request').getByText('已更新：新证书已写入 USBKey').waitFor();
  const renewed = page.getByTestId('certificate-card').filter({ hasText: '个人证书' }).filter({ hasNotText: '（旧）' });
  assert.match(await renewed.getByTestId('certificate-status').innerText(), /有效，剩余 36\d 天[\s\S]*可信/);
  await screenshot(page, 'certificate-renewed');
  const sheet = page.getByRole('dialog', { name: '删除旧证书和密钥' });
  const remove = sheet.getByRole('button', { name: '删除' });
  await old.getByRole('button', { name: '删除旧证书和密钥' }).click();
  assert.equal(await remove.isDisabled(), true, 'nothing is deleted before the holder’s name is typed');
  await sheet.getByRole('button', { name: '取消' }).click();
  await sheet.waitFor({ state: 'detached' });
  assert.equal(await old.count(), 1, '取消 deleted nothing');

  await old.getByRole('button', { name: '删除旧证书和密钥' }).click();
  assert.match(await sheet.getByTestId('certificate-facts').innerText(), /^张三 · 个人证书 · USBKey“.+” · .+到期（.+）$/);
  assert.match(await sheet.getByTestId('removed-serial').innerText(), /^[0-9a-f:]+$/i);
  assert.equal(await sheet.getByTestId('removed-key').innerText(), 'USBKey 上的私钥一并删除');
  assert.equal(
    await sheet.getByTestId('consequence').innerText(),
    '删除后无法恢复：用此密钥签过的文件仍可验证，但不能再用它签名或解密；新证书不受影响。',
  );
  const name = sheet.getByLabel('请输入证书持有人的姓名“张三”以确认');
  await name.fill('张');
  assert.equal(await remove.isDisabled(), true, 'a part of the name is not the name');
  await name.fill('张三');
  assert.equal(await remove.isDisabled(), false);
  await screenshot(page, 'delete-old-key-sheet');
  await remove.click();
  await page.getByTestId('certificate-card').filter({ hasText: '个人证书（旧）' }).waitFor({ state: 'detached' });
});

test('撤销/变更 asks for the reason and the signing certificate on its sheet; the request is queued and the certificate shows 撤销中', async () => {
  await page.getByRole('button', { name: '证书', exact: true }).click();
  const seal = page.getByTestId('certificate-card').filter({ hasText: '电子印章' }).first();
  assert.equal(await seal.getByRole('combobox').count(), 0, 'nothing asked before 撤销/变更 is chosen');
  await seal.getByRole('button', { name: '撤销/变更' }).click();
  const sheet = page.getByRole('dialog', { name: '撤销/变更证书' });
  await sheet.getByLabel('原因').selectOption({ label: '持有人离职、调动或权限变更' });
  await sheet.getByLabel('签名证书').selectOption({ label: '单位证书' });
  await sheet.getByRole('button', { name: '提交撤销申请' }).click();
  await seal.getByTestId('certificate-request').getByText('撤销中：等待资源中心确认').waitFor();

  await centerDecides('证书撤销：电子印章', ['complete'], '办结');

  await page.getByRole('button', { name: '证书', exact: true }).click();
  await page.getByRole('button', { name: '立即检查吊销状态' }).click();
  await seal
    .getByTestId('certificate-status')
    .getByText(/^已吊销（.+），请勿再使用$/)
    .waitFor();
  const unit = page.getByTestId('certificate-card').filter({ hasText: '单位证书' }).first();
  assert.match(await unit.getByTestId('certificate-status').innerText(), /未吊销（在线状态查询 OCSP，.+）/, "the center's OCSP answer");
});

test('a leaked unit key: its own report still reaches the center; once the center returns it, the holder may confirm and use the key again', async () => {
  await page.getByRole('button', { name: '证书', exact: true }).click();
  const unit = page.getByTestId('certificate-card').filter({ hasText: '单位证书' }).first();
  await unit.getByRole('button', { name: '撤销/变更' }).click();
  const sheet = page.getByRole('dialog', { name: '撤销/变更证书' });
  await sheet.getByLabel('原因').selectOption({ label: '私钥泄露' });
  await sheet.getByLabel('请输入证书持有人的姓名“示例市大数据管理局”以确认').fill('示例市大数据管理局');
  await sheet.getByRole('button', { name: '提交撤销申请' }).click();
  await unit.getByText('已停止使用：已报告密钥泄露，SealDesk 不再用它签名').waitFor();
  assert.equal(await unit.getByRole('button', { name: '更新' }).count(), 0, 'a stopped key renews nothing');

  await centerDecides('证书撤销：单位证书', ['return', '--reason', '未发现泄露迹象'], '资源中心：退回');

  await page.getByRole('button', { name: '证书', exact: true }).click();
  await unit.getByTestId('certificate-request').getByText('撤销申请被退回：未发现泄露迹象').waitFor();
  await unit.getByRole('button', { name: '恢复使用' }).click();
  await unit.getByRole('button', { name: '确认' }).click();
  await unit.getByText('已停止使用：已报告密钥泄露，SealDesk 不再用它签名').waitFor({ state: 'detached' });
  await unit.getByRole('button', { name: '更新' }).waitFor();
});
