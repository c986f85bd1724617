import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { killGroup, parseExports, runSealdesk, runSealdeskAsync, spawnSealdesk, startSealdesk } from '../../support/cli.ts';
import { CuttingProxy } from '../../support/cutting-proxy.ts';
import { readCenterConfig, writeCenterConfig } from '../../../center/config.ts';
import { writeTestPdf } from '../../support/pdf.ts';
import { scanPng } from '../../support/png.ts';
import { tempDir } from '../../support/temp.ts';

const dir = tempDir('center-cli');
const at = (name: string): string => join(dir, name);
let env: NodeJS.ProcessEnv = {};
let center: ChildProcess | null = null;
let proxy: CuttingProxy;
const sealdesk = (args: string[]) => runSealdeskAsync(args, env);

/** Retries while the killed center's port is still being released. */
async function startCenter(): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      center = await startSealdesk(['center', 'serve'], env, /http:\/\/127\.0\.0\.1:\d+/);
      return;
    } catch (error) {
      if (attempt === 30) throw error;
      await sleep(100);
    }
  }
}

let centerGone: Promise<unknown> = Promise.resolve();

/** SIGKILL, like a power cut. */
function killCenter(): Promise<unknown> {
  const running = center;
  center = null;
  if (running !== null && running.exitCode === null) {
    centerGone = new Promise((resolve) => running.once('exit', resolve));
    killGroup(running);
  }
  return centerGone;
}

interface OutboxRow {
  id: string;
  state: string;
  center: { status: string; reason: string | null } | null;
}
const outbox = async (): Promise<OutboxRow[]> => JSON.parse((await sealdesk(['outbox', '--json'])).stdout) as OutboxRow[];

before(async () => {
  const init = runSealdesk(['demo', 'init', '--dir', at('demo')], { SEALDESK_HOME: at('home') });
  assert.equal(init.code, 0, init.stderr);
  env = { ...parseExports(init.stdout), SEALDESK_HOME: at('home'), SEALDESK_PASSPHRASE: 'correct horse battery staple' };
  assert.match(env['SEALDESK_CENTER_URL'] ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(env['SEALDESK_ENROLMENT_CODE']);
  // The client talks to the center through a relay that can pull the cable at a chosen byte; the
  // center takes requests signed for the relay's address only because its configuration names it.
  const relay = await CuttingProxy.start(Number(new URL(env['SEALDESK_CENTER_URL'] ?? '').port));
  const centerDir = env['SEALDESK_CENTER_DIR'] ?? '';
  writeCenterConfig(centerDir, { ...readCenterConfig(centerDir), origins: [relay.url] });
  await startCenter();
  proxy = relay.proxy;
  env['SEALDESK_CENTER_URL'] = relay.url;
});
after(async () => {
  await killCenter();
  await proxy.close();
});

test('enrol, then a signed package goes out and comes back 已接收 → 已受理 → 办结 in the outbox', async () => {
  const enrolled = await sealdesk(['enrol']);
  assert.equal(enrolled.code, 0, enrolled.stderr);
  assert.match(enrolled.stdout, /已注册：示例市大数据管理局/);
  assert.equal((await sealdesk(['enrol'])).code, 1, 'the one-time code cannot be used twice');

  writeFileSync(at('topology.png'), scanPng(96));
  for (const name of ['assessment.pdf', 'commitment.pdf']) writeTestPdf(at(name), 1);
  writeFileSync(at('app.json'), (await sealdesk(['forms', 'example', 'network-access'])).stdout);
  const attach = ['topology.png', 'assessment.pdf', 'commitment.pdf'].flatMap((name) => ['--attach', at(name)]);
  const signed = await sealdesk([
    'forms',
    'sign',
    at('app.json'),
    '--form',
    'network-access',
    ...attach,
    '--cert',
    '个人证书',
    '-o',
    at('pkg'),
  ]);
  assert.equal(signed.code, 0, signed.stderr);

  const submitted = await sealdesk(['submit', at('pkg')]);
  assert.equal(submitted.code, 0, submitted.stderr);
  assert.match((await sealdesk(['submit', at('pkg')])).stdout, /已在队列中/);
  const [queued] = await outbox();
  assert.equal(queued?.state, 'pending');

  const synced = await sealdesk(['sync', '--once']);
  assert.equal(synced.code, 0, synced.stderr);
  assert.deepEqual((await outbox())[0]?.center?.status, 'received');

  const listed = JSON.parse((await sealdesk(['center', 'list', '--json'])).stdout) as { id: string; title: string; status: string }[];
  assert.deepEqual(
    listed.map((s) => [s.id, s.title, s.status]),
    [[queued?.id, '政务外网接入申请', 'received']],
  );

  assert.equal((await sealdesk(['center', 'decide', queued?.id ?? '', 'accept'])).code, 0);
  assert.equal((await sealdesk(['sync', '--once'])).code, 0);
  assert.equal((await outbox())[0]?.center?.status, 'accepted');
  assert.equal((await sealdesk(['center', 'decide', queued?.id ?? '', 'complete'])).code, 0);
  assert.match((await sealdesk(['sync', '--once'])).stdout, /办结/);
  assert.match((await sealdesk(['outbox'])).stdout, /已送达\t办结\t政务外网接入申请/);
});

test('the center killed mid-upload: the next sync resumes the same upload and the center holds identical bytes', async () => {
  const pdf = at('large.pdf');
  writeFileSync(pdf, Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(48 * 1024 * 1024)]));
  assert.equal((await sealdesk(['submit', pdf])).code, 0);
  const uploads = join(env['SEALDESK_CENTER_DIR'] ?? '', 'uploads');
  const before = new Set(readdirSync(uploads));
  proxy.cutAfter(20 * 1024 * 1024, () => void killCenter());
  const interrupted = await sealdesk(['sync', '--once']);
  assert.equal(interrupted.code, 1, 'the interrupted sync reports the failure');
  const partial = readdirSync(uploads).find((name) => !before.has(name) && !name.endsWith('.json'));
  assert.ok(partial, 'an upload had started');
  const cut = statSync(join(uploads, partial)).size;
  assert.ok(cut > 0 && cut < 48 * 1024 * 1024, `the upload was cut short (${cut} bytes)`);
  assert.equal((await outbox()).find((item) => item.state === 'pending')?.state, 'pending');

  await killCenter();
  await startCenter();
  // The chunk it was writing when killed had not been checked: the restarted center cut it off.
  assert.equal(statSync(join(uploads, partial)).size % (8 * 1024 * 1024), 0, 'only whole, checked chunks are kept');
  assert.deepEqual(
    readdirSync(uploads).filter((name) => name.includes('.arriving')),
    [],
  );
  // A restarted `sealdesk sync` (not --once) resumes on its first pass, not after the backoff that the
  // interrupted run left and the next poll 30 s later.
  const resumed = startSealdesk(['sync'], env, /已送达资源中心/);
  void resumed.then(killGroup, () => undefined);
  const waited = await Promise.race([resumed.then(() => 'sent'), sleep(20_000).then(() => 'still waiting')]);
  assert.equal(waited, 'sent');
  assert.deepEqual(
    readdirSync(uploads).filter((name) => !before.has(name) && !name.endsWith('.json')),
    [partial],
    'no second upload was started',
  );
  const listed = JSON.parse((await sealdesk(['center', 'list', '--json'])).stdout) as { kind: string; parts: { uploadId: string }[] }[];
  const document = listed.find((s) => s.kind === 'document');
  assert.equal(document?.parts[0]?.uploadId, partial);
  assert.ok(decryptedAtCenter(partial, at('received.pdf')).equals(readFileSync(pdf)), 'the center decrypts exactly the bytes sent');
});

/** The center's stored envelope of a finished or partial upload, decrypted with openssl cms as the center's operator would. */
function decryptedAtCenter(uploadId: string, out: string): Buffer {
  const keys = join(env['SEALDESK_CENTER_DIR'] ?? '', 'keys');
  const envelope = join(env['SEALDESK_CENTER_DIR'] ?? '', 'uploads', uploadId);
  const result = spawnSync('openssl', [
    ...['cms', '-decrypt', '-binary', '-inform', 'DER', '-in', envelope],
    ...['-recip', join(keys, 'encryption.pem'), '-inkey', join(keys, 'encryption.key'), '-out', out],
  ]);
  assert.equal(result.status, 0, result.stderr.toString());
  return readFileSync(out);
}

/**
 * Queues `pdf`, starts `sealdesk sync --once` and SIGKILLs it once the center holds 16 MB of the
 * upload (two chunks), before it is finished. Returns the upload's id at the center.
 */
async function killedMidUpload(pdf: string): Promise<string> {
  assert.equal((await sealdesk(['submit', pdf])).code, 0);
  const uploads = join(env['SEALDESK_CENTER_DIR'] ?? '', 'uploads');
  const before = new Set(readdirSync(uploads));
  const client = spawnSealdesk(['sync', '--once'], env);
  const exited = new Promise((resolve) => client.once('exit', resolve));
  for (let waited = 0; ; waited += 20) {
    const partial = readdirSync(uploads).find((name) => !before.has(name) && !name.endsWith('.json'));
    const size = partial === undefined ? 0 : statSync(join(uploads, partial)).size;
    if (partial !== undefined && size >= 16 * 1024 * 1024) {
      killGroup(client);
      await exited;
      assert.ok(statSync(join(uploads, partial)).size < statSync(pdf).size, 'killed before the upload was finished');
      return partial;
    }
    assert.ok(waited < 60_000 && client.exitCode === null, 'the upload reached 16 MB while the client ran');
    await sleep(20);
  }
}

test('the client killed mid-upload (kill -9): the next sync encrypts the file again to the same bytes, resumes the same upload, and the center decrypts the original', async () => {
  const pdf = at('killed.pdf');
  writeFileSync(pdf, Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(40 * 1024 * 1024)]));
  const partial = await killedMidUpload(pdf);
  const synced = await sealdesk(['sync', '--once']);
  assert.equal(synced.code, 0, synced.stderr);
  const listed = JSON.parse((await sealdesk(['center', 'list', '--json'])).stdout) as { title: string; parts: { uploadId: string }[] }[];
  assert.deepEqual(
    listed.find((s) => s.title === 'killed.pdf')?.parts.map((part) => part.uploadId),
    [partial],
    'the same upload went on',
  );
  assert.ok(decryptedAtCenter(partial, at('killed-received.pdf')).equals(readFileSync(pdf)), 'the center decrypts exactly the file');
});

test('a file changed after its upload was cut short is sealed anew: a fresh upload, never the old key on new bytes, and the center decrypts the new file', async () => {
  const pdf = at('changed.pdf');
  writeFileSync(pdf, Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(40 * 1024 * 1024)]));
  const partial = await killedMidUpload(pdf);
  writeFileSync(pdf, Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(40 * 1024 * 1024)]));
  const synced = await sealdesk(['sync', '--once']);
  assert.equal(synced.code, 0, synced.stderr);
  const listed = JSON.parse((await sealdesk(['center', 'list', '--json'])).stdout) as { title: string; parts: { uploadId: string }[] }[];
  const [part] = listed.find((s) => s.title === 'changed.pdf')?.parts ?? [];
  assert.ok(part !== undefined && part.uploadId !== partial, 'a new upload');
  assert.ok(
    decryptedAtCenter(part.uploadId, at('changed-received.pdf')).equals(readFileSync(pdf)),
    'the center decrypts the file as it is now',
  );
});

test('certs renew → sync → center decide complete → sync installs the new seal certificate; a reported key is refused until the center returns the report and certs resume', async () => {
  const tokens = async () =>
    (
      JSON.parse((await sealdesk(['tokens', '--json'])).stdout) as {
        tokens: { certificates: { label: string; fingerprintSha256: string }[] }[];
      }
    ).tokens[0]?.certificates ?? [];
  const before = (await tokens()).find((c) => c.label === '电子印章')?.fingerprintSha256;
  const renewed = await sealdesk(['certs', 'renew', '--cert', '电子印章']);
  assert.equal(renewed.code, 0, renewed.stderr);
  const id = /\((cert-[0-9a-f]+)\)/.exec(renewed.stdout)?.[1] ?? '';
  const again = await sealdesk(['certs', 'renew', '--cert', '电子印章']);
  assert.equal(again.code, 1, 'no second key pair while one renewal waits');
  assert.match(again.stderr, new RegExp(`已有一份等待资源中心签发的更新申请（${id}）[\\s\\S]*--resume[\\s\\S]*--cancel-pending`));
  const kept = await sealdesk(['certs', 'renew', '--cert', '电子印章', '--resume']);
  assert.equal(kept.code, 0, kept.stderr);
  assert.match(kept.stdout, new RegExp(`继续等待已提交的更新申请：电子印章，未生成新密钥 \\(${id}\\)`));
  assert.equal((await sealdesk(['sync', '--once'])).code, 0);
  const decided = await sealdesk(['center', 'decide', id, 'complete']);
  assert.equal(decided.code, 0, decided.stderr);
  assert.equal((await sealdesk(['sync', '--once'])).code, 0);
  const after = await tokens();
  const renewedSeal = after.find((c) => c.label === '电子印章');
  assert.ok(renewedSeal && renewedSeal.fingerprintSha256 !== before, 'a new 电子印章 certificate is on the token');
  assert.equal(after.find((c) => c.label === '电子印章（旧）')?.fingerprintSha256, before);
  assert.equal((await sealdesk(['certs', 'status'])).code, 0, 'the renewed certificate is valid and trusted');

  const leaked = await sealdesk(['certs', 'revoke', '--cert', '个人证书', '--reason', 'key-compromise', '--sign-with', '单位证书']);
  assert.equal(leaked.code, 0, leaked.stderr);
  const refused = await sealdesk(['test-signature', '--cert', '个人证书']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /已报告密钥泄露或已被撤销/);

  const early = await sealdesk(['certs', 'resume', '--cert', '个人证书']);
  assert.equal(early.code, 1, 'not while the report is on its way');
  const leakId = /\((cert-[0-9a-f]+)\)/.exec(leaked.stdout)?.[1] ?? '';
  assert.equal((await sealdesk(['sync', '--once'])).code, 0);
  assert.equal((await sealdesk(['center', 'decide', leakId, 'return', '--reason', '经核查密钥未泄露'])).code, 0);
  assert.equal((await sealdesk(['sync', '--once'])).code, 0);
  const resumed = await sealdesk(['certs', 'resume', '--cert', '个人证书']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /已恢复使用/);
  assert.equal((await sealdesk(['test-signature', '--cert', '个人证书'])).code, 0, 'the returned report no longer stops the key');
});

test('the operator publishes an edited forms catalog and calendar; the next sync puts them in force for forms list and validate', async () => {
  const contact = { ...JSON.parse((await sealdesk(['forms', 'example', 'contact-change'])).stdout), effectiveDate: '2026-11-27' };
  writeFileSync(at('contact.json'), JSON.stringify(contact));
  const validate = () => sealdesk(['forms', 'validate', at('contact.json'), '--form', 'contact-change']);
  assert.equal((await validate()).code, 0, 'applied on Friday 11-20, five working days ahead is 11-27');

  const exported = await sealdesk(['center', 'catalog']);
  assert.equal(exported.code, 0, exported.stderr);
  const catalog = JSON.parse(exported.stdout) as {
    forms: { id: string; version: number; title: string }[];
    calendar: { holidays: string[] };
  };
  catalog.forms = catalog.forms.map((form) =>
    form.id === 'contact-change' ? { ...form, version: 2, title: '人员/联系人变更通知（新版）' } : form,
  );
  catalog.calendar.holidays.push('2026-11-23');
  writeFileSync(at('catalog.json'), JSON.stringify(catalog));
  const published = await sealdesk(['center', 'catalog', at('catalog.json')]);
  assert.equal(published.code, 0, published.stderr);
  assert.match(published.stdout, /^[0-9a-f]{64}\t11\n$/);

  writeFileSync(at('broken-catalog.json'), JSON.stringify({ ...catalog, forms: [{ id: 'x' }] }));
  const refused = await sealdesk(['center', 'catalog', at('broken-catalog.json')]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /申请表目录无法使用（forms\.0\./);

  assert.equal((await sealdesk(['sync', '--once'])).code, 0);
  const forms = JSON.parse((await sealdesk(['forms', 'list', '--json'])).stdout) as { id: string; version: number; title: string }[];
  assert.deepEqual(
    forms.find((f) => f.id === 'contact-change'),
    { id: 'contact-change', version: 2, title: '人员/联系人变更通知（新版）' },
  );
  const late = await validate();
  assert.equal(late.code, 1, 'with 11-23 a holiday, 11-27 is only four working days ahead');
  assert.match(late.stderr, /最早为 2026年11月30日/);
});
