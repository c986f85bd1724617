// 导出 of a sealed document through the app's handler (the web shell's download) writes exactly one ledger
// record of kind print: the file, its SHA-256, the seal and the shell, before the bytes leave.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { AuditRecord } from '../../../shared/model/audit.ts';
import { approveInApp, demoApp, recordsInApp, sealInApp, startLoggedIn } from '../../support/audit.ts';
import { sha256File } from '../../support/pdf.ts';
import { tempDir } from '../../support/temp.ts';

const dataDir = tempDir('print-record');
const app = demoApp(dataDir, { shell: 'web' });
let serial = '';

before(async () => {
  serial = await startLoggedIn(app, '打印记录测试口令-2026');
});
after(() => app.stop());

const records = (): Promise<AuditRecord[]> => recordsInApp(app);

test('exporting a sealed document adds one print record naming the file, its digest and the seal', async () => {
  const approved = await approveInApp(app, serial, join(dataDir, '通知.pdf'));
  const [sealed] = await sealInApp(app, serial, [approved], { placement: { page: 1, xMm: 60, yMm: 40 }, allowOverlap: true });
  const output = sealed?.output ?? '';

  const before = await records();
  await app.handlers['documents.export']({ serial, certificate: '电子印章', path: output });
  const added = (await records()).slice(before.length);
  assert.equal(added.length, 1);
  const [print] = added;
  assert.deepEqual(
    [print?.kind, print?.method, print?.operator, print?.subject?.kind, print?.subject?.label, print?.document, print?.output],
    ['print', 'web', '张三', 'seal', '电子印章', { name: '通知-已盖章.pdf', sha256: sha256File(output) }, output],
  );
});
