// 打印 of a sealed document in the desktop shell, through the app's handler on the demo's SoftHSM2 token:
// one ledger record of kind print, written by the same service function as the web shell's 下载, before the
// shell's print dialog is asked for; a file that is not a PDF is neither recorded nor printed.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { approveInApp, demoApp, recordsInApp, sealInApp, startLoggedIn } from '../../support/audit.ts';
import type { AuditRecord } from '../../../shared/model/audit.ts';
import { sha256File } from '../../support/pdf.ts';
import { tempDir } from '../../support/temp.ts';

const dataDir = tempDir('desktop-print');
/** What the desktop shell was asked to print, and how many ledger records there were at that moment. */
const printed: { path: string; recordsThen: number }[] = [];
const app = demoApp(dataDir, {
  shell: 'desktop',
  showFile: {
    open: () => Promise.resolve(),
    reveal: () => undefined,
    print: async (path) => void printed.push({ path, recordsThen: (await records()).length }),
  },
});
let serial = '';

before(async () => {
  serial = await startLoggedIn(app, '桌面打印测试口令-2026');
});
after(() => app.stop());

const records = (): Promise<AuditRecord[]> => recordsInApp(app);

test('printing a sealed document adds one print record, before the print dialog, naming the file, its digest and the seal', async () => {
  const approved = await approveInApp(app, serial, join(dataDir, '通知.pdf'));
  const [sealed] = await sealInApp(app, serial, [approved], { placement: { page: 1, xMm: 60, yMm: 40 }, allowOverlap: true });
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
