// Every act SealDesk records — approve, seal (one, and a batch of 骑缝章 with the final lock), application
// signature, PIN change and unlock, enrolment, certificate renewal and revocation — writes exactly one
// ledger record with who, what, which document and how, on the demo's SoftHSM2 token and its center.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readDemoEnvironment } from '../../../electron/services/demo/index.ts';
import { AuditLedgerSchema, type AuditRecord } from '../../../shared/model/audit.ts';
import { killGroup, parseExports, runSealdesk, runSealdeskAsync, startSealdesk } from '../../support/cli.ts';
import { writeTestPdf } from '../../support/pdf.ts';
import { scanPng } from '../../support/png.ts';
import { tempDir } from '../../support/temp.ts';
import type { ChildProcess } from 'node:child_process';

const work = tempDir('audit-acts');
let env: NodeJS.ProcessEnv = {};
let soPin = '';
let center: ChildProcess | null = null;

before(async () => {
  const init = runSealdesk(['demo', 'init', '--dir', join(work, 'demo')], { SEALDESK_HOME: join(work, 'home') });
  assert.equal(init.code, 0, init.stderr);
  env = parseExports(init.stdout);
  soPin = readDemoEnvironment(join(work, 'demo'))?.soPin ?? '';
  center = await startSealdesk(['center', 'serve'], env, /http:\/\//);
});
after(() => center && killGroup(center));

async function sealdesk(...args: string[]): Promise<string> {
  const run = await runSealdeskAsync(args, env);
  assert.equal(run.code, 0, `sealdesk ${args.join(' ')}: ${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

async function ledger(): Promise<AuditRecord[]> {
  const read = AuditLedgerSchema.parse(JSON.parse(await sealdesk('audit', 'list', '--json')));
  assert.deepEqual(read.problems, []);
  return read.entries.map((entry) => entry.record);
}

/** Runs the act and returns the records it added: the test then says how many and which. */
async function recordsOf(act: () => Promise<unknown>): Promise<AuditRecord[]> {
  const before = await ledger();
  await act();
  const added = await ledger();
  assert.deepEqual(added.slice(0, before.length), before, 'earlier records unchanged');
  return added.slice(before.length);
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const at = (name: string): string => join(work, name);

test('each act writes exactly one record with the right fields', async () => {
  const { tokens } = JSON.parse(await sealdesk('tokens', '--json')) as { tokens: { serial: string; label: string }[] };
  const [token] = tokens;
  assert.ok(token && tokens.length === 1);
  const common = { method: 'cli', token: { serial: token.serial, label: token.label }, operator: '张三', crossPage: false, final: false };

  writeTestPdf(at('通知.pdf'), 1);
  const [approval, ...extraApproval] = await recordsOf(() =>
    sealdesk('approve', at('通知.pdf'), '-o', at('通知-已签发.pdf'), '--cert', '个人证书', '--purpose', '对外发文'),
  );
  assert.deepEqual(extraApproval, []);
  assert.deepEqual(
    { ...approval, time: undefined, subject: { ...approval?.subject, fingerprintSha256: undefined } },
    {
      ...common,
      time: undefined,
      kind: 'approve',
      subject: { kind: 'certificate', name: '张三', label: '个人证书', fingerprintSha256: undefined },
      approver: '张三',
      document: { name: '通知.pdf', sha256: sha256(at('通知.pdf')) },
      purpose: '对外发文',
      output: at('通知-已签发.pdf'),
    },
  );
  assert.ok(Math.abs(Date.parse(approval?.time ?? '') - Date.now()) < 60_000, 'recorded now');

  const [seal, ...extraSeal] = await recordsOf(() =>
    sealdesk(
      'seal',
      at('通知-已签发.pdf'),
      '-o',
      at('通知-已盖章.pdf'),
      '--seal',
      '电子印章',
      '--page',
      '1',
      '--x',
      '140',
      '--y',
      '200',
      '--purpose',
      '对外发文',
    ),
  );
  assert.deepEqual(extraSeal, []);
  assert.equal(seal?.kind, 'seal');
  assert.equal(seal?.subject?.kind, 'seal');
  assert.equal(seal?.approver, '张三');
  assert.deepEqual(seal?.document, { name: '通知-已签发.pdf', sha256: sha256(at('通知-已签发.pdf')) });
  assert.equal(seal?.output, at('通知-已盖章.pdf'));
  assert.deepEqual([seal?.method, seal?.purpose, seal?.operator], ['cli', '对外发文', '张三']);

  // A batch: two approved documents sealed at once, 骑缝章 with the final lock.
  mkdirSync(at('batch'));
  for (const name of ['甲', '乙']) {
    writeTestPdf(at(`${name}.pdf`), 2);
    await sealdesk('approve', at(`${name}.pdf`), '-o', at(`${name}-已签发.pdf`), '--cert', '个人证书');
  }
  const batch = await recordsOf(() =>
    sealdesk(
      'seal',
      at('甲-已签发.pdf'),
      at('乙-已签发.pdf'),
      '--out-dir',
      at('batch'),
      '--seal',
      '电子印章',
      '--x',
      '0',
      '--y',
      '150',
      '--cross-page',
      '--final',
    ),
  );
  assert.deepEqual(batch.map((r) => [r.kind, r.method, r.crossPage, r.final, r.document?.name]).sort(), [
    ['seal', 'batch', true, true, '乙-已签发.pdf'],
    ['seal', 'batch', true, true, '甲-已签发.pdf'],
  ]);

  writeFileSync(at('topology.png'), scanPng(96));
  for (const name of ['assessment.pdf', 'commitment.pdf']) writeTestPdf(at(name), 1);
  writeFileSync(at('申请.json'), await sealdesk('forms', 'example', 'network-access'));
  const attach = ['topology.png', 'assessment.pdf', 'commitment.pdf'].flatMap((name) => ['--attach', at(name)]);
  const [signed, ...extraSigned] = await recordsOf(() =>
    sealdesk('forms', 'sign', at('申请.json'), '--form', 'network-access', ...attach, '--cert', '个人证书', '-o', at('申请包')),
  );
  assert.deepEqual(extraSigned, []);
  assert.equal(signed?.kind, 'application-sign');
  assert.equal(signed?.subject?.name, '张三');
  assert.equal(signed?.document?.sha256, sha256(at('申请包/application.json')));
  assert.equal(signed?.output, at('申请包'));

  const newPin = 'Audit2026key';
  const [pinChange, ...extraPin] = await recordsOf(() => runWith({ SEALDESK_NEW_PIN: newPin }, 'pin', 'change'));
  assert.deepEqual(extraPin, []);
  assert.deepEqual([pinChange?.kind, pinChange?.subject, pinChange?.document, pinChange?.operator], ['pin-change', null, null, '张三']);
  env['SEALDESK_PIN'] = newPin;

  const unlockedPin = 'Unlock2026key';
  const [unlock, ...extraUnlock] = await recordsOf(() =>
    runWith({ SEALDESK_SO_PIN: soPin, SEALDESK_NEW_PIN: unlockedPin }, 'pin', 'unlock'),
  );
  assert.deepEqual(extraUnlock, []);
  assert.equal(unlock?.kind, 'pin-unlock');
  env['SEALDESK_PIN'] = unlockedPin;

  const [enrolment, ...extraEnrol] = await recordsOf(() => sealdesk('enrol'));
  assert.deepEqual(extraEnrol, []);
  assert.equal(enrolment?.kind, 'enrol');
  assert.equal(enrolment?.subject?.kind, 'certificate');
  assert.equal(enrolment?.purpose, env['SEALDESK_CENTER_URL']);

  const [renewal, ...extraRenewal] = await recordsOf(() => sealdesk('certs', 'renew', '--cert', '个人证书'));
  assert.deepEqual(extraRenewal, []);
  assert.deepEqual([renewal?.kind, renewal?.subject?.name], ['certificate-renew', '张三']);
  assert.match(renewal?.output ?? '', /\S/, 'the request queued is named');

  const [revocation, ...extraRevocation] = await recordsOf(() =>
    sealdesk('certs', 'revoke', '--cert', '电子印章', '--reason', 'information-changed'),
  );
  assert.deepEqual(extraRevocation, []);
  assert.deepEqual(
    [revocation?.kind, revocation?.subject?.kind, revocation?.purpose],
    ['certificate-revoke', 'seal', 'information-changed'],
  );

  const all = await ledger();
  assert.equal(all.length, 12);
  const verified = await runSealdeskAsync(['audit', 'verify'], env);
  assert.equal(verified.code, 0, verified.stderr);
  assert.match(verified.stdout, /台账完整：12 条记录/);
});

test('audit list filters by kind, seal and period; audit verify names the first broken record', async () => {
  const seals = JSON.parse(await sealdesk('audit', 'list', '--kind', 'seal', '--seal', '电子印章', '--json')) as { entries: unknown[] };
  assert.equal(seals.entries.length, 3);
  const today = new Date();
  const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  const listed = await sealdesk('audit', 'list', '--from', day, '--to', day, '--kind', 'approve');
  assert.equal(listed.trim().split('\n').length, 3);
  assert.match(listed, /签发\t张三\t张三\t张三\t通知\.pdf \(SHA-256 [0-9a-f]{64}\)\t对外发文/);
  assert.doesNotMatch(listed, /\d{4}-\d{2}-\d{2}T/, 'times in local form, never ISO');
  assert.equal((await sealdesk('audit', 'list', '--to', '2020-01-01')).trim(), '');

  const file = join(env['SEALDESK_HOME'] ?? '', 'audit', 'ledger.jsonl');
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  writeFileSync(file, `${[...lines.slice(0, 4), ...lines.slice(5)].join('\n')}\n`);
  const broken = await runSealdeskAsync(['audit', 'verify'], env);
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /审计台账的哈希链不完整：第 5 行与上一条记录不相接（此前有记录被删除或调换）。 \[AUDIT_LEDGER_BROKEN\]/);
  // Still listed, still recorded to.
  const listing = await runSealdeskAsync(['audit', 'list'], env);
  assert.equal(listing.code, 0);
  assert.match(listing.stderr, /第 5 行/);
  assert.equal(readFileSync(file, 'utf8').trimEnd().split('\n').length, 11, 'nothing rewritten');
});

function runWith(extra: NodeJS.ProcessEnv, ...args: string[]): Promise<unknown> {
  return runSealdeskAsync(args, { ...env, ...extra }).then((run) => assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`));
}
