// The app's own handlers (what the desktop window and the web shell call) write the same one record per act
// as the CLI, marked with the shell: an application signed, a PIN changed, a batch sealed; 审计's call reads
// them back only with the vault open.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SealDeskApp } from '../../../electron/services/app/index.ts';
import { JsonFileSettingsStore } from '../../../electron/services/settings/index.ts';
import { FORM_CATALOG } from '../../../shared/forms/index.ts';
import type { AuditRecord } from '../../../shared/model/audit.ts';
import { approveInApp, recordsInApp, sealInApp } from '../../support/audit.ts';
import { writeTestPdf } from '../../support/pdf.ts';
import { scanPng } from '../../support/png.ts';
import { tempDir } from '../../support/temp.ts';

const dataDir = tempDir('audit-app');
const app = new SealDeskApp({
  shell: 'web',
  dataDir,
  settings: new JsonFileSettingsStore(join(dataDir, 'settings.json')),
  moduleOverride: null,
  syncIntervalMs: 3_600_000,
});
let serial = '';
let pin = '';

before(async () => {
  await app.start();
  const demo = app.demo;
  assert.ok(demo);
  ({ tokenSerial: serial, pin } = demo);
  await app.handlers['tokens.login']({ serial, pin });
});
after(() => app.stop());

const records = (): Promise<AuditRecord[]> => recordsInApp(app);

async function upload(bytes: Buffer): Promise<string> {
  const uploadId = randomUUID();
  await app.handlers['applications.upload']({ uploadId, offset: 0, base64: bytes.toString('base64') });
  return uploadId;
}

test('审计 needs the vault; signing, a PIN change and a batch each add their records, marked 网页 or 批量', async () => {
  // A seal before the vault exists is recorded all the same.
  const approved = await approveInApp(app, serial, join(dataDir, '通知.pdf'));
  await assert.rejects(app.handlers['audit.ledger']({}), { code: 'VAULT_LOCKED' });
  await assert.rejects(app.handlers['audit.awaitingSeal']({}), { code: 'VAULT_LOCKED' });
  await app.handlers['vault.unlock']({ passphrase: '审计应用测试口令-2026' });
  // 首页 lists the approved document as waiting for its seal.
  assert.deepEqual(
    (await app.handlers['audit.awaitingSeal']({})).map((e) => [e.line, e.record.kind, e.record.output]),
    [[1, 'approve', approved]],
  );
  const [approval] = await records();
  assert.deepEqual(
    [approval?.kind, approval?.method, approval?.operator, approval?.document?.name],
    ['approve', 'web', '张三', '通知.pdf'],
  );

  const example = structuredClone(FORM_CATALOG.find((f) => f.id === 'network-access')?.example ?? {});
  const draft = await app.handlers['applications.create']({
    formId: 'network-access',
    imported: { name: 'a.json', text: JSON.stringify(example) },
  });
  const pdf = join(dataDir, 'report.pdf');
  writeTestPdf(pdf, 1);
  await app.handlers['applications.attach']({ id: draft.id, field: 'topology', name: 'topology.png', uploadId: await upload(scanPng(96)) });
  for (const [field, name] of [
    ['securityReport', 'assessment.pdf'],
    ['securityCommitment', 'commitment.pdf'],
  ] as const)
    await app.handlers['applications.attach']({ id: draft.id, field, name, uploadId: await upload(readFileSync(pdf)) });
  const signed = await app.handlers['applications.sign']({ id: draft.id, serial, certificate: '个人证书' });
  const afterSign = await records();
  assert.equal(afterSign.length, 2);
  assert.deepEqual(afterSign[1] && [afterSign[1].kind, afterSign[1].method, afterSign[1].document], [
    'application-sign',
    'web',
    { name: signed.formTitle, sha256: signed.signature?.sha256 },
  ]);

  const newPin = 'AppAudit2026';
  await app.handlers['tokens.changePin']({ serial, oldPin: pin, newPin });
  const afterPin = await records();
  assert.equal(afterPin.length, 3);
  assert.deepEqual(afterPin[2] && [afterPin[2].kind, afterPin[2].method, afterPin[2].subject], ['pin-change', 'web', null]);

  await app.handlers['tokens.login']({ serial, pin: newPin });
  const second = await approveInApp(app, serial, join(dataDir, '通知二.pdf'));
  await sealInApp(app, serial, [approved, second], { placement: { page: 'last', xMm: 100, yMm: 100 }, purpose: '对外发文' });
  const sealed = (await records()).slice(4);
  assert.deepEqual(sealed.map((r) => [r.kind, r.method, r.purpose, r.approver, r.document?.name]).sort(), [
    ['seal', 'batch', '对外发文', '张三', '通知-已签发.pdf'],
    ['seal', 'batch', '对外发文', '张三', '通知二-已签发.pdf'],
  ]);
  assert.deepEqual(await app.handlers['audit.awaitingSeal']({}), [], 'both are sealed: nothing waits on 首页');
});
