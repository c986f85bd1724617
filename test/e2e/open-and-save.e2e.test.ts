import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openInChromium, screenshot } from '../support/browser.ts';
import { pdfsig, writeTestPdf } from '../support/pdf.ts';
import { confirmOnSheet } from '../support/signing-sheet.ts';
import { tempDir } from '../support/temp.ts';
import { startWebShellProcess } from '../support/web-shell.ts';

// The shell's data and the user's home apart: the file dialog starts from the user's home, as it would.
const home = tempDir('e2e-open-save');
const userHome = tempDir('e2e-open-save-user');
const documents = join(userHome, 'Documents');
const outgoing = join(documents, '公文');
const archive = join(documents, '归档');
mkdirSync(outgoing, { recursive: true });
mkdirSync(archive);
writeTestPdf(join(outgoing, '通知.pdf'), 2);
writeFileSync(join(outgoing, '说明.docx'), 'not a PDF');
utimesSync(join(outgoing, '通知.pdf'), new Date('2026-12-02T12:02:48Z'), new Date('2026-12-02T12:02:48Z'));
// Dropped from somewhere the page cannot name: only its bytes reach the shell.
const elsewhere = tempDir('e2e-open-save-elsewhere');
writeTestPdf(join(elsewhere, '函.pdf'), 1);

const starting = startWebShellProcess(home, { HOME: userHome });
let browser: Browser;
let page: Page;

before(async () => {
  ({ browser, page } = await openInChromium((await starting).url));
});
after(() => browser?.close());

const demoPin = (): string => (JSON.parse(readFileSync(join(home, 'demo', 'demo.json'), 'utf8')) as { pin: string }).pin;
const files = () => page.getByLabel('PDF 文件路径');
const results = () => page.getByTestId('seal-results');
const fileDialog = (name: string) => page.getByRole('dialog', { name });

/** What the user's drag from the desktop delivers to the page: Files with the bytes, and no path. */
function dragged(files: readonly { name: string; bytes: Buffer }[]) {
  return page.evaluateHandle(
    (files) => {
      const transfer = new DataTransfer();
      for (const { name, base64 } of files) {
        const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([data], name));
      }
      return transfer;
    },
    files.map(({ name, bytes }) => ({ name, base64: bytes.toString('base64') })),
  );
}

/** Dropped on the section's heading, far from the file list: the whole window takes the drop. */
async function dropFile(name: string, bytes: Buffer): Promise<void> {
  await page
    .locator('main h2')
    .first()
    .dispatchEvent('drop', { dataTransfer: await dragged([{ name, bytes }]) });
}

test('a PDF opened in the file dialog and another dropped into the page are approved, sealed into the chosen folder and verified, no path typed', async () => {
  await page.getByRole('button', { name: '印章' }).first().click();
  await page.getByRole('tab', { name: '签发与盖章' }).click();

  await page.getByRole('button', { name: '选择 PDF 文件…' }).click();
  const open = fileDialog('打开 PDF 文件');
  await open.getByRole('navigation', { name: '位置' }).getByRole('button', { name: '文档' }).click();
  await open.getByRole('button', { name: '公文' }).click();
  await open.getByRole('checkbox', { name: '通知.pdf' }).waitFor();
  const entries = await open.getByTestId('file-entries').innerText();
  assert.doesNotMatch(entries, /说明\.docx/, 'the PDF filter hides other files');
  assert.match(entries, /通知\.pdf\s+\d+ KB\s+2026年12月2日 \d{2}:\d{2}/, 'size and local time, never ISO');
  await open.getByRole('checkbox', { name: '通知.pdf' }).check();
  await screenshot(page, 'file-dialog');
  await open.getByRole('button', { name: '打开', exact: true }).click();
  await open.waitFor({ state: 'detached' });
  assert.equal(await files().inputValue(), join(outgoing, '通知.pdf'));

  await dropFile('函.pdf', readFileSync(join(elsewhere, '函.pdf')));
  await page.waitForFunction(() => (document.querySelector('textarea[name="files"]') as HTMLTextAreaElement).value.includes('函.pdf'));
  const [, dropped = ''] = (await files().inputValue()).split('\n');
  assert.match(dropped, new RegExp(`^${join(home, 'inbox').replace(/[\\/]/g, '[\\\\/]')}[\\\\/][^\\\\/]+[\\\\/]函\\.pdf$`));
  assert.deepEqual(readFileSync(dropped), readFileSync(join(elsewhere, '函.pdf')), 'the dropped bytes arrived whole');

  // Sealed files go to 归档, chosen once in the dialog and remembered.
  await page.getByTestId('output-folder-seal').getByRole('button', { name: '更改…' }).click();
  const folder = fileDialog('选择保存位置');
  await folder.getByRole('button', { name: '文档' }).click();
  await folder.getByRole('button', { name: '归档' }).click();
  await folder.getByLabel('当前文件夹').getByText(archive).waitFor();
  await folder.getByRole('button', { name: '选择此文件夹' }).click();
  await page.getByTestId('output-folder-seal').getByText(archive).waitFor();

  await page.getByRole('button', { name: '签发', exact: true }).click();
  await confirmOnSheet(page, '签发', demoPin());
  const approved = [join(outgoing, '通知-已签发.pdf'), dropped.replace(/函\.pdf$/, '函-已签发.pdf')];
  await page.getByTestId('seal-summary').getByText('2/2 成功').waitFor();
  await page.getByText('已签发的文件已放入待盖章的文件，可直接盖章。').waitFor();
  assert.equal(await files().inputValue(), approved.join('\n'), 'the approved files are the ones to seal next');

  await page.getByRole('button', { name: '盖章', exact: true }).click();
  await confirmOnSheet(page, '盖章', demoPin(), true);
  await page.getByTestId('seal-summary').getByText('2/2 成功').waitFor();
  const sealed = [join(archive, '通知-已盖章.pdf'), join(archive, '函-已盖章.pdf')];
  for (const path of sealed) {
    await results().getByText(`已生成 ${path}`).waitFor();
    assert.deepEqual(pdfsig(path).validations, ['Signature is Valid.', 'Signature is Valid.']);
  }
  await screenshot(page, 'seal-results-actions');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    results().getByRole('row').nth(1).getByRole('button', { name: '下载' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), '通知-已盖章.pdf');
  const saved = join(elsewhere, 'downloaded.pdf');
  await download.saveAs(saved);
  assert.deepEqual(readFileSync(saved), readFileSync(sealed[0]!));

  const settings = JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')) as { outputFolders: unknown; recentFolders: string[] };
  assert.deepEqual(settings.outputFolders, { seal: archive });
  assert.ok(settings.recentFolders.includes(outgoing), 'the folder a file came from is a recent place');
});

test('sealing again asks before replacing the outputs; 取消 writes nothing, 替换已有文件 goes on to the sheet', async () => {
  const sealed = join(archive, '通知-已盖章.pdf');
  const before = statSync(sealed).mtimeMs;
  await page.getByRole('button', { name: '盖章', exact: true }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '确认盖在已有签名上' }).click();
  const question = page.getByRole('alertdialog', { name: '以下文件已存在，继续将替换它们：' });
  await question.getByText(sealed).waitFor();
  await question.getByText(join(archive, '函-已盖章.pdf')).waitFor();
  assert.equal(await page.getByRole('dialog').count(), 0, 'no sheet before the question is answered');
  await screenshot(page, 'overwrite-question');
  await question.getByRole('button', { name: '取消' }).click();
  await question.waitFor({ state: 'detached' });
  assert.equal(statSync(sealed).mtimeMs, before);

  await page.getByRole('button', { name: '盖章', exact: true }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '确认盖在已有签名上' }).click();
  await question.getByRole('button', { name: '替换已有文件' }).click();
  await confirmOnSheet(page, '盖章', demoPin());
  await page.getByTestId('seal-summary').getByText('2/2 成功').waitFor();
  assert.notEqual(statSync(sealed).mtimeMs, before);
  assert.deepEqual(pdfsig(sealed).validations, ['Signature is Valid.', 'Signature is Valid.']);
});

test('另存为 saves a sealed result under another name and folder in the app’s own dialog; a name that is taken is asked about first', async () => {
  const sealed = join(archive, '通知-已盖章.pdf');
  const copy = join(outgoing, '通知（对外）.pdf');
  const row = results().getByRole('row').nth(1);
  await row.getByRole('button', { name: '另存为…' }).click();
  const dialog = fileDialog('另存为');
  await dialog.getByRole('navigation', { name: '位置' }).getByRole('button', { name: '文档' }).click();
  await dialog.getByTestId('file-entries').getByRole('button', { name: '公文' }).click();
  await dialog.getByLabel('当前文件夹').getByText(outgoing).waitFor();
  assert.equal(await dialog.getByLabel('文件名').inputValue(), '通知-已盖章.pdf', 'the result’s own name is offered');
  await dialog.getByLabel('文件名').fill('通知（对外）.pdf');
  await screenshot(page, 'save-as-dialog');
  await dialog.getByRole('button', { name: '保存', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await row.getByRole('status').getByText(`已另存为 ${copy}`).waitFor();
  assert.deepEqual(readFileSync(copy), readFileSync(sealed));
  assert.deepEqual(pdfsig(copy).validations, ['Signature is Valid.', 'Signature is Valid.']);

  // The same name again: nothing is replaced before the user says so.
  const before = statSync(copy).mtimeMs;
  await row.getByRole('button', { name: '另存为…' }).click();
  await dialog.getByLabel('当前文件夹').getByText(outgoing).waitFor();
  await dialog.getByRole('checkbox', { name: '通知（对外）.pdf' }).check();
  assert.equal(await dialog.getByLabel('文件名').inputValue(), '通知（对外）.pdf', 'a file in the folder lends its name');
  await dialog.getByRole('button', { name: '保存', exact: true }).click();
  const question = row.getByRole('alertdialog', { name: '以下文件已存在，继续将替换它们：' });
  await question.getByText(copy).waitFor();
  assert.equal(statSync(copy).mtimeMs, before);
  await screenshot(page, 'save-as-replace');
  await question.getByRole('button', { name: '替换已有文件' }).click();
  await row.getByRole('status').getByText(`已另存为 ${copy}`).waitFor();
  assert.deepEqual(readFileSync(copy), readFileSync(sealed));
});

test('验章 on a result verifies the sealed file at once, without choosing it again', async () => {
  const sealed = join(archive, '通知-已盖章.pdf');
  await results().getByRole('row').nth(1).getByRole('button', { name: '验章' }).click();
  await page.getByTestId('verify-report').waitFor();
  assert.equal(await page.getByLabel('要验证的 PDF 文件路径').inputValue(), sealed);
  assert.match(await page.getByTestId('verdict').innerText(), /有效/);
  await screenshot(page, 'verify-handed-on');
});

test('files dragged anywhere on the window: the overlay says what the drop does, a non-PDF is refused by name, 验章 verifies a dropped PDF, 首页 takes none', async () => {
  const sealed = join(archive, '通知-已盖章.pdf');
  await page.getByRole('tab', { name: '签发与盖章' }).click();
  const before = await files().inputValue();
  const pdfAndDocx = await dragged([
    { name: '说明.docx', bytes: readFileSync(join(outgoing, '说明.docx')) },
    { name: '改名的.pdf', bytes: Buffer.from('not a PDF at all') },
  ]);
  await page.locator('header').dispatchEvent('dragenter', { dataTransfer: pdfAndDocx });
  const overlay = page.getByTestId('drop-overlay');
  await overlay.getByText('松开鼠标，把 PDF 文件加入待签发、盖章的文件').waitFor();
  await screenshot(page, 'drop-overlay');
  await page.locator('header').dispatchEvent('dragleave', { dataTransfer: pdfAndDocx });
  await overlay.waitFor({ state: 'detached' });

  await page.locator('header').dispatchEvent('drop', { dataTransfer: pdfAndDocx });
  const refusal = page.getByRole('alert').filter({ hasText: '不是 PDF 文件' });
  await refusal.getByText('说明.docx、改名的.pdf 不是 PDF 文件，未添加。只能拖入 PDF 文件。').waitFor();
  await screenshot(page, 'drop-refused');
  assert.equal(await files().inputValue(), before, 'nothing was added');
  await refusal.getByRole('button', { name: '关闭' }).click();

  await page.getByRole('tab', { name: '验章' }).click();
  const sealedDragged = await dragged([{ name: '通知-已盖章.pdf', bytes: readFileSync(sealed) }]);
  const nav = page.getByRole('navigation').first();
  await nav.dispatchEvent('dragenter', { dataTransfer: sealedDragged });
  await overlay.getByText('松开鼠标，验证这个 PDF 文件').waitFor();
  await nav.dispatchEvent('drop', { dataTransfer: sealedDragged });
  await overlay.waitFor({ state: 'detached' });
  // 验章 still shows the report handed on before: the dropped copy is the one verified now.
  await page.waitForFunction(() => /[\\/]inbox[\\/]/.test((document.querySelector('input[name="verifyPath"]') as HTMLInputElement).value));
  await page.getByTestId('verify-report').waitFor();
  await page.getByText('正在验证').waitFor({ state: 'detached' });
  assert.match(await page.getByLabel('要验证的 PDF 文件路径').inputValue(), /[\\/]inbox[\\/].+[\\/]通知-已盖章\.pdf$/);
  assert.match(await page.getByTestId('verdict').innerText(), /有效/);

  await page.getByRole('button', { name: '首页' }).first().click();
  await page
    .locator('main')
    .dispatchEvent('drop', { dataTransfer: await dragged([{ name: '函.pdf', bytes: readFileSync(join(elsewhere, '函.pdf')) }]) });
  await page.getByRole('alert').getByText('此页不接收文件。请到“印章”的“签发与盖章”或“验章”再拖入 PDF 文件。').waitFor();
});

test('a chosen file not yet approved shows as waiting for the approver, with what to do next; once approved it is ready to seal, once sealed it says so', async () => {
  await page.getByRole('navigation').getByRole('button', { name: '印章', exact: true }).click();
  await page.getByRole('tab', { name: '签发与盖章' }).click();
  writeTestPdf(join(elsewhere, '报告.pdf'), 1);
  await page.getByRole('button', { name: '选择 PDF 文件…' }).waitFor();
  await dropFile('报告.pdf', readFileSync(join(elsewhere, '报告.pdf')));
  const stages = page.getByTestId('file-stages');
  const waiting = stages.getByRole('listitem').filter({ hasText: '报告.pdf' });
  await waiting.getByText('等待签发：签发权人签发后才能盖章。').waitFor();
  await waiting.getByText('下一步：请签发权人 张三 核对后点“签发”。').waitFor();
  await screenshot(page, 'file-stage-waiting');

  await page.getByRole('button', { name: '签发', exact: true }).click();
  await confirmOnSheet(page, '签发', demoPin());
  await page.getByTestId('seal-summary').getByText('1/1 成功').waitFor();
  await stages.getByRole('listitem').filter({ hasText: '报告-已签发.pdf' }).getByText('已由 张三 签发，可以盖章。').waitFor();
  assert.doesNotMatch(await stages.innerText(), /等待签发/);

  await files().fill(join(archive, '通知-已盖章.pdf'));
  await stages.getByText('已盖章。可以验章，或再盖一枚印章。').waitFor();
});
