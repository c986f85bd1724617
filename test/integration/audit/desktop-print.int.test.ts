// 打印 of a sealed document in the desktop shell, through the app's handler on the demo's SoftHSM2 token:
// one ledger record of kind print, written by the same service function as the web shell's 下载, before the
// shell's print dialog is asked for; a file that is not a PDF is neither recorded nor printed.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SealDeskApp } from '../../../electron/services/app/index.ts';
import { JsonFileSettingsStore } from '../../../electron/services/settings/index.ts';
import type { AuditRecord } from '../../../shared/model/audit.ts';
import { sha256File, writeTestPdf } from '../../support/pdf.ts';
import { tempDir } from '../../support/temp.ts';

const dataDir = tempDir('desktop-print');
/** What the desktop shell was asked to print, and how many ledger records there were at that moment. */
const printed: { path: string; recordsThen: number }[] = [];
const app: SealDeskApp = new SealDeskApp({
  shell: 'desktop',
  dataDir,
  settings: new JsonFileSettingsStore(join(dataDir, 'settings.json')),
  moduleOverride: null,
  syncIntervalMs: 3_600_000,
  showFile: {
    open: () => Promise.resolve(),
    reveal: () => undefined,
    print: async (path) => void printed.push({ path, recordsThen: (await records()).length }),
  },
});
let serial = '';

before(async () => {
  await app.start();
  const demo = app.demo;
  assert.ok(demo);
  serial = demo.tokenSerial;
  await app.handlers['tokens.login']({ serial, pin: demo.pin });
  await app.handlers['vault.unlock']({ passphrase: '桌面打印测试口令-2026' });
});
after(() => app.stop());

async function records(): Promise<AuditRecord[]> {
  const ledger = await app.handlers['audit.ledger']({});
  assert.deepEqual(ledger.problems, []);
  return ledger.entries.map((e) => e.record);
}

test('printing a sealed document adds one print record, before the print dialog, naming the file, its digest and the seal', async () => {
  const input = join(dataDir, '通知.pdf');
  writeTestPdf(input, 1);
  const approved = await app.handlers['documents.approve']({
    serial,
    certificate: '个人证书',
    input,
    overwrite: false,
    visible: null,
    allowOverlap: false,
  });
  assert.equal(approved.error, null);
  const [sealed] = await app.handlers['documents.seal']({
    serial,
    certificate: '电子印章',
    inputs: [approved.output ?? ''],
    overwrite: false,
    placement: { page: 1, xMm: 60, yMm: 40 },
    crossPage: false,
    final: false,
    allowOverlap: true,
  });
  const output = sealed?.output ?? '';
  assert.equal(sealed?.error, null);

  const before = await records();
  await app.handlers['documents.print']({ serial, certificate: '电子印章', path: output });
  const added = (await records()).slice(before.length);
  assert.equal(added.length, 1);
  const [print] = added;
  assert.deepEqual(
    [print?.kind, print?.method, print?.operator, print?.subject?.kind, print?.subject?.label, print?.document, print?.output],
    ['print', 'desktop', '张三', 'seal', '电子印章', { name: '通知-已盖章.pdf', sha256: sha256File(output) }, output],
  );
  assert.deepEqual(printed, [{ path: output, recordsThen: before.length + 1 }], 'on record before the dialog');

  const notPdf = join(dataDir, '说明.txt');
  writeFileSync(notPdf, 'not a PDF');
  await assert.rejects(app.handlers['documents.print']({ serial, certificate: '电子印章', path: notPdf }), { code: 'PDF_NOT_PDF' });
  assert.equal((await records()).length, before.length + 1);
  assert.equal(printed.length, 1);
});
