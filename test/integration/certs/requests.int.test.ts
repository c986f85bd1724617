import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { CertificateRequests } from '../../../electron/services/certs/index.ts';
import type { Change } from '../../../shared/center/index.ts';
import type { Outbox, SyncService } from '../../../electron/services/sync/index.ts';
import { enrol, folderParts } from '../../../electron/services/sync/index.ts';
import { ImpressionStore } from '../../../electron/services/seal/impressions.ts';
import { JsonFileSettingsStore, blockList } from '../../../electron/services/settings/index.ts';
import { scanPng } from '../../support/png.ts';
import { listTokenObjects } from '../../support/pkcs11-tool.ts';
import { tempDir } from '../../support/temp.ts';
import { clientSync, freshCenter, type CenterFixture } from '../../support/center.ts';
import { auditTrailIn } from '../../support/audit.ts';

// 更新 and 撤销 through the outbox to the reference center and back, on the demo token (SoftHSM2).
const settings = new JsonFileSettingsStore(join(tempDir('cert-requests-home'), 'settings.json'));
const blocks = blockList(settings);
const fixture = freshCenter('cert-requests', { isBlocked: blocks.has });
let f: CenterFixture;
let outbox: Outbox;
let sync: SyncService;
let requests: CertificateRequests;
const answers: [string, Change][] = [];
let impressions: ImpressionStore;

before(async () => {
  f = await fixture;
  impressions = new ImpressionStore(join(f.dir, 'client', 'impressions'));
  const enrolment = await enrol({ url: f.url, code: f.enrolmentCode, signer: f.unit, trustedRoots: f.trustedRoots });
  ({ outbox, sync } = clientSync(f, () => enrolment, {
    partsOf: async (item) => folderParts(item.source),
    onStatus: (item, change) => void answers.push([item.id, change]),
  }));
  requests = new CertificateRequests({
    tokens: () => f.tokens,
    dir: join(f.dir, 'client', 'certificate-requests'),
    queue: async (item) => void (await sync.seal(outbox.enqueue(item), folderParts(item.source))),
    roots: () => f.trustedRoots,
    blocks,
    renewed: (replaced, installed) => impressions.carryOver(replaced, installed.fingerprintSha256),
    withdraw: (id) => sync.remove(id),
    audit: auditTrailIn(join(f.dir, 'client'), () => f.tokens),
  });
});

/** One sync pass, then what the center's answers mean on this side. */
async function syncAndAnswer(): Promise<void> {
  answers.length = 0;
  await sync.syncOnce(true);
  for (const [id, change] of answers) await requests.answered(id, change);
}

test('renewal: queued, issued by the center on 办结, installed under the new key; the renewed certificate signs', async () => {
  const renewal = await requests.renew(f.demo.tokenSerial, '个人证书');
  await syncAndAnswer();
  assert.equal(outbox.list().find((i) => i.id === renewal.id)?.state, 'sent');
  await f.center.decide(renewal.id, 'complete', null);
  await syncAndAnswer();
  const done = requests.pending.get(renewal.id);
  assert.equal(done?.state, 'installed');
  const { certificate } = await f.tokens.certificateDer(f.demo.tokenSerial, done?.detail ?? '');
  assert.deepEqual([certificate.label, certificate.kind, certificate.hasPrivateKey], ['个人证书', 'personal', true]);
  assert.equal((await f.tokens.testSignature(f.demo.tokenSerial, certificate.fingerprintSha256)).verified, true);

  const { certificate: unit } = await f.tokens.certificateDer(f.demo.tokenSerial, '单位证书');
  await assert.rejects(
    requests.removeReplaced(f.demo.tokenSerial, unit.fingerprintSha256),
    { code: 'CERT_NOT_FOUND' },
    'only a replaced pair',
  );
  const replaced = renewal.type === 'renewal' ? renewal.replaces.fingerprint : '';
  await requests.removeReplaced(f.demo.tokenSerial, replaced);
  await assert.rejects(f.tokens.certificateDer(f.demo.tokenSerial, replaced), { code: 'CERT_NOT_FOUND' });
});

test('a renewed seal certificate keeps the impression bound to the one it replaced', async () => {
  const { certificate: old } = await f.tokens.certificateDer(f.demo.tokenSerial, '电子印章');
  const image = scanPng(300);
  impressions.import(old.fingerprintSha256, image, 'png', 40);
  const renewal = await requests.renew(f.demo.tokenSerial, '电子印章');
  await syncAndAnswer();
  await f.center.decide(renewal.id, 'complete', null);
  await syncAndAnswer();
  const renewed = requests.pending.get(renewal.id)?.detail ?? '';
  assert.ok(impressions.raw(renewed)?.bytes.equals(image));
  assert.equal(impressions.meta(renewed)?.widthMm, 40);
});

test('a leaked key is blocked at once, its report goes before other items, and the center revokes it on 办结', async () => {
  const { certificate: seal } = await f.tokens.certificateDer(f.demo.tokenSerial, '电子印章');
  const other = await requests.renew(f.demo.tokenSerial, '单位证书');
  const leak = await requests.revoke(f.demo.tokenSerial, '电子印章', 'key-compromise', '单位证书');
  assert.deepEqual(settings.read().blockedCertificates, [seal.fingerprintSha256], 'blocked before anything was sent');
  await assert.rejects(f.tokens.testSignature(f.demo.tokenSerial, seal.fingerprintSha256), { code: 'CERT_BLOCKED' });
  const order: string[] = [];
  const first = outbox.list().filter((i) => i.state === 'pending');
  assert.deepEqual(
    first.map((i) => [i.id, i.urgent]).sort(),
    [
      [leak.id, true],
      [other.id, false],
    ].sort(),
  );
  await syncAndAnswer();
  order.push(
    ...f.center
      .list()
      .map((s) => s.id)
      .filter((id) => id === leak.id || id === other.id),
  );
  assert.deepEqual(order, [leak.id, other.id], 'the center received the leaked-key report first');
  await f.center.decide(leak.id, 'complete', null);
  await syncAndAnswer();
  assert.equal(requests.pending.get(leak.id)?.state, 'revoked');
  const crl = await f.center.crl();
  assert.ok(crl.length > 0);
  assert.equal(f.center.store.certificate(seal.fingerprintSha256)?.revokedAt !== null, true);
  assert.throws(() => requests.resumeUse(seal.fingerprintSha256), { code: 'CERT_RESUME_NOT_ALLOWED' }, 'never a revoked certificate');
});

test('a leaked-key report the center returns keeps the key stopped until the holder confirms it is safe; then it signs again', async () => {
  const { certificate: unit } = await f.tokens.certificateDer(f.demo.tokenSerial, '单位证书');
  const report = await requests.revoke(f.demo.tokenSerial, '单位证书', 'key-compromise');
  assert.throws(
    () => requests.resumeUse(unit.fingerprintSha256),
    { code: 'CERT_RESUME_NOT_ALLOWED' },
    'not while the center has not answered',
  );
  await syncAndAnswer();
  await f.center.decide(report.id, 'return', '未发现泄露迹象，请核实');
  await syncAndAnswer();
  assert.deepEqual(
    [requests.pending.get(report.id)?.state, requests.pending.get(report.id)?.detail],
    ['returned', '未发现泄露迹象，请核实'],
  );
  await assert.rejects(
    f.tokens.testSignature(f.demo.tokenSerial, unit.fingerprintSha256),
    { code: 'CERT_BLOCKED' },
    'a return alone does not unblock it',
  );

  requests.resumeUse(unit.fingerprintSha256);
  assert.equal((await f.tokens.testSignature(f.demo.tokenSerial, unit.fingerprintSha256)).verified, true);
  assert.ok(!settings.read().blockedCertificates.includes(unit.fingerprintSha256));
});

test('a request the center returns is marked returned, with the center’s reason; a returned renewal’s new key leaves the token', async () => {
  const returned = await requests.revoke(f.demo.tokenSerial, '个人证书', 'holder-left', '单位证书');
  await syncAndAnswer();
  await f.center.decide(returned.id, 'return', '请本人办理');
  await syncAndAnswer();
  assert.deepEqual([requests.pending.get(returned.id)?.state, requests.pending.get(returned.id)?.detail], ['returned', '请本人办理']);

  const renewal = await requests.renew(f.demo.tokenSerial, '个人证书');
  const keyId = renewal.type === 'renewal' ? renewal.keyId : '';
  assert.ok((await f.tokens.publicKey(f.demo.tokenSerial, keyId)).length > 0);
  await syncAndAnswer();
  await f.center.decide(renewal.id, 'return', '信息有误');
  await syncAndAnswer();
  assert.equal(requests.pending.get(renewal.id)?.state, 'returned');
  await assert.rejects(f.tokens.publicKey(f.demo.tokenSerial, keyId), { code: 'KEY_NOT_FOUND' });
});

test('更新 again while a renewal waits makes no second key pair: refused with the choice, resumed, or the waiting one cancelled first', async () => {
  const privateKeys = (): number => listTokenObjects(f.demo).match(/^Private Key Object/gm)?.length ?? 0;
  const before = privateKeys();
  const first = await requests.renew(f.demo.tokenSerial, '个人证书');
  assert.equal(privateKeys(), before + 1);

  await assert.rejects(requests.renew(f.demo.tokenSerial, '个人证书'), {
    code: 'RENEWAL_PENDING',
    params: { label: '个人证书', id: first.id },
  });
  assert.equal((await requests.renew(f.demo.tokenSerial, '个人证书', 'resume')).id, first.id);
  assert.equal(privateKeys(), before + 1, 'still one new pair on the token');

  const second = await requests.renew(f.demo.tokenSerial, '个人证书', 'cancel');
  assert.notEqual(second.id, first.id);
  assert.equal(privateKeys(), before + 1, 'the cancelled renewal’s pair left the token');
  await assert.rejects(f.tokens.publicKey(f.demo.tokenSerial, first.type === 'renewal' ? first.keyId : ''), { code: 'KEY_NOT_FOUND' });
  assert.equal(requests.pending.get(first.id)?.state, 'cancelled');
  assert.equal(outbox.has(first.id), false, 'the cancelled request never leaves');
  await syncAndAnswer();
  const received = f.center.list().map((s) => s.id);
  assert.ok(received.includes(second.id) && !received.includes(first.id));
});
