// 送签发 through the app's handlers, as the window calls them: the request goes on the ledger with the
// document's SHA-256, name, path and the approver; 首页's list shows it until an approval of those bytes,
// says a file changed or gone since, and knows whether the approver is at a USBKey here.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { AwaitingApproval } from '../../../shared/model/approval-request.ts';
import { demoApp, recordsInApp, sealInApp } from '../../support/audit.ts';
import { writeTestPdf } from '../../support/pdf.ts';
import { tempDir } from '../../support/temp.ts';

const dataDir = tempDir('approval-requests');
const app = demoApp(dataDir, { shell: 'web' });
let serial = '';
const at = (name: string): string => join(dataDir, name);
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

before(async () => {
  await app.start();
  const demo = app.demo;
  assert.ok(demo);
  serial = demo.tokenSerial;
  await app.handlers['tokens.login']({ serial, pin: demo.pin });
  // 李四 approves on another computer: on the list, with no certificate on this one's USBKeys.
  const { approvers } = await app.handlers['settings.get']({});
  await app.handlers['settings.update']({ approvers: [...approvers, { label: '李四', fingerprintSha256: 'e'.repeat(64) }] });
});
after(() => app.stop());

const waiting = async (): Promise<Pick<AwaitingApproval, 'name' | 'approver' | 'state' | 'approverHere'>[]> =>
  (await app.handlers['audit.awaitingApproval']({})).map(({ name, approver, state, approverHere }) => ({
    name,
    approver,
    state,
    approverHere,
  }));

test('a request is on record and on 首页 until the document is approved; a changed or removed file is said so', async () => {
  writeTestPdf(at('通知.pdf'), 1);
  const sent = await app.handlers['documents.requestApproval']({ serial, path: at('通知.pdf'), approver: '张三', note: '请今天签发' });
  assert.deepEqual([sent.name, sent.approver, sent.sha256, sent.path], ['通知.pdf', '张三', sha256(at('通知.pdf')), at('通知.pdf')]);
  // 首页 reads the ledger through the vault, as for documents awaiting their seal.
  await assert.rejects(app.handlers['audit.awaitingApproval']({}), { code: 'VAULT_LOCKED' });
  await app.handlers['vault.unlock']({ passphrase: '送签发测试口令-2026' });
  const [record] = await recordsInApp(app);
  assert.deepEqual(
    record && [record.kind, record.method, record.operator, record.approver, record.document, record.purpose, record.output, record.time],
    ['approval-request', 'web', '张三', '张三', { name: '通知.pdf', sha256: sent.sha256 }, '请今天签发', at('通知.pdf'), sent.time],
  );
  assert.deepEqual(await waiting(), [{ name: '通知.pdf', approver: '张三', state: 'waiting', approverHere: true }]);

  writeTestPdf(at('函.pdf'), 2);
  await app.handlers['documents.requestApproval']({ serial, path: at('函.pdf'), approver: '李四' });
  writeTestPdf(at('纪要.pdf'), 3);
  await app.handlers['documents.requestApproval']({ serial, path: at('纪要.pdf'), approver: '张三' });
  writeFileSync(at('函.pdf'), Buffer.concat([readFileSync(at('函.pdf')), Buffer.from('\n% 改过\n')]));
  rmSync(at('纪要.pdf'));
  assert.deepEqual(await waiting(), [
    { name: '通知.pdf', approver: '张三', state: 'waiting', approverHere: true },
    { name: '函.pdf', approver: '李四', state: 'changed', approverHere: false },
    { name: '纪要.pdf', approver: '张三', state: 'missing', approverHere: true },
  ]);

  const approved = await app.handlers['documents.approve']({
    serial,
    certificate: '个人证书',
    input: at('通知.pdf'),
    overwrite: false,
    visible: null,
    allowOverlap: false,
  });
  assert.equal(approved.error, null);
  assert.deepEqual(
    (await waiting()).map((w) => w.name),
    ['函.pdf', '纪要.pdf'],
    'approved: no longer waiting for its approver',
  );
  assert.deepEqual(
    (await app.handlers['audit.awaitingSeal']({})).map((e) => e.record.output),
    [approved.output],
    'and now waiting for its seal',
  );
  // The changed file, approved as it now is, is not waiting either.
  await app.handlers['documents.approve']({
    serial,
    certificate: '个人证书',
    input: at('函.pdf'),
    overwrite: false,
    visible: null,
    allowOverlap: false,
  });
  assert.deepEqual(
    (await waiting()).map((w) => w.name),
    ['纪要.pdf'],
  );
});

test('a request is refused for an approver off the list, a file that is not a PDF, one approved or sealed already', async () => {
  writeTestPdf(at('报告.pdf'), 4);
  await assert.rejects(app.handlers['documents.requestApproval']({ serial, path: at('报告.pdf'), approver: '王五' }), {
    code: 'APPROVER_NOT_LISTED',
  });
  writeFileSync(at('报告.txt'), 'not a PDF');
  await assert.rejects(app.handlers['documents.requestApproval']({ serial, path: at('报告.txt'), approver: '张三' }), {
    code: 'PDF_NOT_PDF',
  });
  writeFileSync(at('伪装.pdf'), 'not a PDF either');
  await assert.rejects(app.handlers['documents.requestApproval']({ serial, path: at('伪装.pdf'), approver: '张三' }), {
    code: 'PDF_NOT_PDF',
  });
  const approved = at('通知-已签发.pdf');
  await assert.rejects(app.handlers['documents.requestApproval']({ serial, path: approved, approver: '张三' }), {
    code: 'DOCUMENT_ALREADY_APPROVED',
  });
  const [sealed] = await sealInApp(app, serial, [approved], { placement: { page: 'last', xMm: 100, yMm: 100 } });
  await assert.rejects(app.handlers['documents.requestApproval']({ serial, path: sealed?.output ?? '', approver: '张三' }), {
    code: 'DOCUMENT_ALREADY_SEALED',
  });
  const kinds = (await recordsInApp(app)).map((r) => r.kind);
  assert.equal(kinds.filter((k) => k === 'approval-request').length, 3, 'a refused request is not on record');
});
