// The ledger kept and tamper-evident across years (issue 28 item 2), on the demo's SoftHSM2 token and a
// real center: closed years move into archives sealed with the unit certificate (openssl verifies them)
// and stay searchable; a missing or damaged archive is named; a clock set back is said; and a ledger
// rewritten whole, consistently, is caught by the anchor the center confirmed at the last sync.
import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadOrCreateAuthority, softwareSigner } from '../../../center/authority.ts';
import { Ledger } from '../../../electron/services/audit/index.ts';
import { signContent } from '../../../electron/services/cms/index.ts';
import { AuditLedgerSchema, type AuditRecord } from '../../../shared/model/audit.ts';
import { killGroup, parseExports, runSealdesk, runSealdeskAsync, startSealdesk, type CliResult } from '../../support/cli.ts';
import { tempDir } from '../../support/temp.ts';

const work = tempDir('audit-anchor');
let env: NodeJS.ProcessEnv = {};
let center: ChildProcess | null = null;
const home = join(work, 'home');
const auditDir = join(home, 'audit');
const thisYear = new Date().getFullYear();

before(async () => {
  const init = runSealdesk(['demo', 'init', '--dir', join(work, 'demo')], { SEALDESK_HOME: home });
  assert.equal(init.code, 0, init.stderr);
  env = { ...parseExports(init.stdout), SEALDESK_HOME: home };
  center = await startSealdesk(['center', 'serve'], env, /http:\/\//);
});
after(() => center && killGroup(center));

const sealdesk = (...args: string[]): Promise<CliResult> => runSealdeskAsync(args, env);
async function ok(...args: string[]): Promise<string> {
  const run = await sealdesk(...args);
  assert.equal(run.code, 0, `sealdesk ${args.join(' ')}: ${run.stdout}\n${run.stderr}`);
  return run.stdout;
}
const listed = async (...filter: string[]) => AuditLedgerSchema.parse(JSON.parse(await ok('audit', 'list', '--json', ...filter)));

/** A seal as the CLI would record it, on the given day (the clock of that time). */
function sealOn(time: string, document: string): AuditRecord {
  return {
    time: new Date(time).toISOString(),
    kind: 'seal',
    method: 'cli',
    token: { serial: '0', label: 'SealDesk 演示' },
    operator: '张三',
    subject: { kind: 'seal', name: '示例市大数据管理局', label: '电子印章', fingerprintSha256: 'ab'.repeat(32) },
    approver: '张三',
    document: { name: document, sha256: 'cd'.repeat(32) },
    purpose: '对外发文',
    output: null,
    crossPage: false,
    final: false,
  };
}

test('closed years move into archives sealed with the unit certificate at sync, and stay listed and searchable', async () => {
  const ledger = Ledger.in(home);
  const past = [thisYear - 4, thisYear - 3, thisYear - 2];
  for (const year of past)
    for (const month of [3, 9]) ledger.append(sealOn(`${year}-0${month}-15T09:00:00+08:00`, `${year}年${month}月通知.pdf`));
  await ok('enrol');
  await ok('sync', '--once');

  const files = readdirSync(join(auditDir, 'archive')).sort();
  assert.deepEqual(
    files,
    past.flatMap((year) => [`${year}.jsonl`, `${year}.jsonl.p7s`]),
  );
  for (const year of past) {
    const archive = join(auditDir, 'archive', `${year}.jsonl`);
    assert.equal(readFileSync(archive, 'utf8').trimEnd().split('\n').length, 2);
    const check = spawnSync(
      'openssl',
      [
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        `${archive}.p7s`,
        '-content',
        archive,
        '-CAfile',
        env['SEALDESK_DEMO_CA'] ?? '',
        '-purpose',
        'any',
        '-out',
        '/dev/null',
      ],
      { encoding: 'utf8' },
    );
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stderr, /Verification successful/);
  }
  assert.equal(readFileSync(join(auditDir, 'ledger.jsonl'), 'utf8').trimEnd().split('\n').length, 1, 'the enrolment stays live');

  const all = await listed();
  assert.deepEqual(all.problems, []);
  assert.equal(all.entries.length, 7);
  assert.deepEqual(
    all.entries.map((e) => e.line),
    [1, 2, 3, 4, 5, 6, 7],
  );
  const found = await listed('--search', `${thisYear - 3}年9月`);
  assert.deepEqual(
    found.entries.map((e) => e.record.document?.name),
    [`${thisYear - 3}年9月通知.pdf`],
  );
  const text = await ok('audit', 'list', '--from', `${thisYear - 4}-01-01`, '--to', `${thisYear - 4}-12-31`);
  assert.equal(text.trimEnd().split('\n').length, 2);

  const verified = await ok('audit', 'verify');
  assert.match(verified, /台账完整：7 条记录/);
  assert.match(verified, /其中 6 条在 3 个年度归档中/);
  assert.match(verified, /最近一次锚定：.*资源中心确认了前 7 条记录/);

  // A second sync archives nothing more and anchors the same head again.
  await ok('sync', '--once');
  assert.equal(readdirSync(join(auditDir, 'archive')).length, 6);
  assert.equal((await sealdesk('audit', 'verify')).code, 0);
});

test('a damaged or missing archive is named, nothing is rewritten, and new records are still written', async () => {
  const archive = join(auditDir, 'archive', `${thisYear - 3}.jsonl`);
  const kept = join(work, 'kept.jsonl');
  copyFileSync(archive, kept);
  const original = readFileSync(archive);

  writeFileSync(archive, Buffer.concat([original.subarray(0, 40), Buffer.from('X'), original.subarray(41)]));
  const damaged = await sealdesk('audit', 'verify');
  assert.equal(damaged.code, 1);
  assert.match(damaged.stderr, new RegExp(`归档 archive/${thisYear - 3}\\.jsonl（${thisYear - 3} 年，第 3–4 条）与其签名不符`));
  assert.match(damaged.stderr, /第 3 行起的年度归档与单位证书的签名不符/);

  rmSync(archive);
  Ledger.in(home).append(sealOn(new Date().toISOString(), '归档缺失后的通知.pdf'));
  const missing = await sealdesk('audit', 'verify');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, new RegExp(`归档 archive/${thisYear - 3}\\.jsonl（${thisYear - 3} 年，第 3–4 条）缺失`));
  const read = await listed();
  assert.equal(read.entries.length, 6, 'the other archives and the live ledger are still read');
  assert.ok(
    read.entries.some((e) => e.record.document?.name === '归档缺失后的通知.pdf'),
    'the new record is written',
  );
  assert.deepEqual(
    read.integrity.archives.map((a) => a.state),
    ['intact', 'missing', 'intact'],
  );

  copyFileSync(kept, archive);
  assert.equal((await sealdesk('audit', 'verify')).code, 0, 'restored, it holds again');
});

test('an archive re-signed with another valid certificate is named by audit verify: archives are pinned to the unit certificate', async () => {
  const archive = join(auditDir, 'archive', `${thisYear - 2}.jsonl`);
  const signature = `${archive}.p7s`;
  const kept = readFileSync(signature);
  const other = softwareSigner((await loadOrCreateAuthority(join(work, 'another-unit'))).signing);
  writeFileSync(signature, await signContent(other, readFileSync(archive)));
  const resigned = await sealdesk('audit', 'verify');
  assert.equal(resigned.code, 1);
  assert.match(
    resigned.stderr,
    new RegExp(`归档 archive/${thisYear - 2}\\.jsonl（${thisYear - 2} 年，第 5–6 条）的签名证书不是本单位证书`),
  );
  assert.match(resigned.stderr, /第 5 行起的年度归档的签名不是单位证书所签/);
  assert.deepEqual(
    (await listed()).integrity.archives.map((a) => a.state),
    ['intact', 'intact', 'foreign-signer'],
  );
  writeFileSync(signature, kept);
  assert.equal((await sealdesk('audit', 'verify')).code, 0, "the unit's own signature back, it holds again");
});

test('a clock set back is said plainly, and breaks nothing', async () => {
  Ledger.in(home).append(sealOn(`${thisYear - 1}-06-01T10:00:00+08:00`, '时钟调回后的通知.pdf'));
  const verify = await sealdesk('audit', 'verify');
  assert.equal(verify.code, 0, verify.stderr);
  assert.match(verify.stdout, /台账完整：9 条记录/);
  assert.match(verify.stderr, /第 9 条记录的时间 .* 早于上一条（.*）：电脑时钟曾被调回/);
  const read = await listed();
  assert.deepEqual(
    read.integrity.clockBackwards.map((step) => step.line),
    [9],
  );
  // The live ledger starts in this year: nothing of it is archived, whatever the later record says.
  await ok('sync', '--once');
  assert.equal(readdirSync(join(auditDir, 'archive')).length, 6);
});

test('a ledger rewritten whole, consistently, is caught by the anchor the center confirmed', async () => {
  await ok('sync', '--once');
  const anchored = await ok('audit', 'verify', '--center');
  assert.match(anchored, /已与资源中心的最近锚定（.*，前 9 条记录）核对/);

  // Everything local replaced by a consistent chain of other records, as many as before.
  for (const name of ['ledger.jsonl', 'head.json', 'archives.json', 'archive']) rmSync(join(auditDir, name), { recursive: true });
  const forged = Ledger.in(home);
  for (let i = 0; i < 9; i++) forged.append(sealOn(`${thisYear}-01-0${i + 1}T09:00:00+08:00`, `伪造-${i}.pdf`));

  const stored = await sealdesk('audit', 'verify');
  assert.equal(stored.code, 1);
  assert.match(stored.stderr, /第 9 行与资源中心锚定的记录不符（台账被整体改写）/);

  rmSync(join(auditDir, 'anchor.json'));
  const unanchored = await sealdesk('audit', 'verify');
  assert.equal(unanchored.code, 0, 'without the stored anchor the local chain alone holds');
  assert.match(unanchored.stdout, /尚未在资源中心锚定/);
  const center = await sealdesk('audit', 'verify', '--center');
  assert.equal(center.code, 1);
  assert.match(center.stderr, /第 9 行与资源中心锚定的记录不符（台账被整体改写）/);

  // The center does not confirm an anchor for the rewritten chain, and says so at once.
  forged.append(sealOn(new Date().toISOString(), '伪造之后.pdf'));
  await ok('sync', '--once');
  const refused = await sealdesk('audit', 'verify');
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /的锚定（前 10 条记录）未被资源中心确认：台账与上次锚定不相接/);
  assert.match(refused.stderr, /第 9 行与资源中心锚定的记录不符/);
});
