// 导出 of a sealed document through the app's handler (the web shell's download) writes exactly one ledger
// record of kind print: the file, its SHA-256, the seal and the shell, before the bytes leave.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SealDeskApp } from '../../../electron/services/app/index.ts';
import { JsonFileSettingsStore } from '../../../electron/services/settings/index.ts';
import type { AuditRecord } from '../../../shared/model/audit.ts';
import { approveInApp, recordsInApp, sealInApp } from '../../support/audit.ts';
import { sha256File } from '../../support/pdf.ts';
import { tempDir } from '../../support/temp.ts';

const dataDir = tempDir('print-record');
const app = new SealDeskApp({
  shell: 'web',
  dataDir,
  settings: new JsonFileSettingsStore(join(dataDir, 'settings.json')),
  moduleOverride: null,
  syncIntervalMs: 3_600_000,
});
let serial = '';

before(async () => {
  await app.start();
  const demo = app.demo;
  assert.ok(demo);
  serial = demo.tokenSerial;
  await app.handlers['tokens.login']({ serial, pin: demo.pin });
  await app.handlers['vault.unlock']({ passphrase: '打印记录测试口令-2026' });
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
