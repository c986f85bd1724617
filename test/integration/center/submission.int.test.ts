import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { centerLayout } from '../../../center/index.ts';
import type { Outbox, PartSource, SyncService } from '../../../electron/services/sync/index.ts';
import type { OutboxItem } from '../../../shared/model/outbox.ts';
import { enrol, fileParts, folderParts } from '../../../electron/services/sync/index.ts';
import { SealDeskService } from '../../../electron/services/seal/index.ts';
import { sha256Hex } from '../../../electron/services/pki/index.ts';
import { JsonFileSettingsStore } from '../../../electron/services/settings/index.ts';
import type { Signer } from '../../../electron/services/token/index.ts';
import type { CenterEnrolment } from '../../../shared/model/center-link.ts';
import { clientSync, freshCenter, type CenterFixture } from '../../support/center.ts';
import { decryptAtCenter } from '../../support/openssl.ts';
import { errorMessage } from '../../../shared/i18n/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { auditTrailIn } from '../../support/audit.ts';

const fixture = freshCenter('center-submit');
let f: CenterFixture;
let unit: Signer;
let enrolment: CenterEnrolment;
let outbox: Outbox;
let sync: SyncService;
/** Parts an item sends in place of its folder's files, by outbox id. */
const sentAs = new Map<string, PartSource[]>();

before(async () => {
  f = await fixture;
  unit = f.unit;
  const partsOf = (item: OutboxItem) => Promise.resolve(sentAs.get(item.id) ?? folderParts(item.source));
  ({ outbox, sync } = clientSync(f, () => enrolment, { partsOf }));
});

test('a used or unknown enrolment code is refused; a personal certificate may not enrol', async () => {
  await assert.rejects(enrol({ url: f.url, code: 'NOT-A-CODE', signer: unit, trustedRoots: f.trustedRoots }), {
    code: 'ENROLMENT_CODE_INVALID',
  });
  const personal = await f.tokens.signerFor(f.demo.tokenSerial, '个人证书');
  await assert.rejects(enrol({ url: f.url, code: f.enrolmentCode, signer: personal, trustedRoots: f.trustedRoots }), {
    code: 'CENTER_REJECTED',
    params: { reason: 'operation-not-allowed', status: 403, authenticated: 'yes' },
  });
});

test('enrolment pins the center only when its certificates chain to a trusted root', async () => {
  await assert.rejects(enrol({ url: f.url, code: f.enrolmentCode, signer: unit, trustedRoots: [] }), {
    code: 'CENTER_CERTIFICATE_INVALID',
  });
  const code = f.center.createEnrolmentCode('示例市大数据管理局');
  enrolment = await enrol({ url: f.url, code, signer: unit, trustedRoots: f.trustedRoots });
  assert.equal(enrolment.unitName, '示例市大数据管理局');
  assert.equal(Buffer.from(enrolment.signingCertificate, 'base64').equals(Buffer.from(f.center.authority.signing.certificate)), true);
});

test('a package goes out encrypted, once, and comes back 已接收 → 办结; the center opens it with openssl cms -decrypt', async () => {
  const dir = join(f.dir, 'package');
  mkdirSync(join(dir, 'attachments'), { recursive: true });
  writeFileSync(join(dir, 'application.json'), JSON.stringify({ unit: '示例市大数据管理局', note: '网络接入申请' }));
  writeFileSync(join(dir, 'application.p7s'), randomBytes(1500));
  writeFileSync(join(dir, 'attachments', 'topology'), randomBytes(9 * 1024 * 1024 + 5));
  const queued = outbox.enqueue({ id: 'draft1-e1', kind: 'application', title: '网络接入申请', source: dir });
  await sync.seal(queued, folderParts(dir));

  const first = await sync.syncOnce();
  assert.deepEqual(first.sent, ['draft1-e1']);
  assert.equal(outbox.get('draft1-e1').state, 'sent');
  assert.equal(outbox.get('draft1-e1').center?.status, 'received');

  const stored = f.center.list();
  assert.equal(stored.length, 1);
  const attachment = stored[0]?.parts.find((part) => part.name === 'attachments/topology');
  assert.ok(attachment);
  const envelope = join(centerLayout(join(f.dir, 'center')).uploads, attachment.uploadId);
  assert.equal(readFileSync(envelope).includes(readFileSync(join(dir, 'attachments', 'topology')).subarray(0, 64)), false);
  const out = join(f.dir, 'decrypted');
  const decrypted = decryptAtCenter(join(f.dir, 'center'), attachment.uploadId, out);
  assert.equal(decrypted.ok, true, decrypted.output);
  assert.deepEqual(readFileSync(out), readFileSync(join(dir, 'attachments', 'topology')));

  // Sent again (a crash before the outbox recorded the receipt): still one submission.
  outbox.update('draft1-e1', () => ({ state: 'pending' }));
  await sync.syncOnce(true);
  assert.equal(f.center.list().length, 1);

  await f.center.decide('draft1-e1', 'accept', null);
  await f.center.decide('draft1-e1', 'complete', null);
  const pulled = await sync.syncOnce();
  assert.deepEqual(
    pulled.changes.map((change) => change.status),
    ['accepted', 'completed'],
  );
  assert.equal(outbox.get('draft1-e1').center?.status, 'completed');
});

test('a returned submission carries the reason back', async () => {
  const dir = join(f.dir, 'doc');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'application.json'), '{}');
  const queued = outbox.enqueue({ id: 'draft2-e1', kind: 'application', title: '端口开通申请', source: dir });
  await sync.seal(queued, folderParts(dir));
  await sync.syncOnce();
  await f.center.decide('draft2-e1', 'return', '缺少网络拓扑图');
  await sync.syncOnce();
  assert.deepEqual(outbox.get('draft2-e1').center?.reason, '缺少网络拓扑图');
  assert.equal(outbox.get('draft2-e1').center?.status, 'returned');
});

test('attachments named in Chinese, with spaces or long names reach the center under the same names and bytes (openssl cms -decrypt)', async () => {
  const names = [
    '拓扑图.png',
    '等级测评报告.pdf',
    '网络 接入 承诺书（盖章版） v2.pdf',
    `${'很长的文件名'.repeat(13)}.pdf`,
    // 200 characters; and one name twice, composed (NFC) and decomposed (NFD): two files, kept apart.
    `${'Network access commitment '.repeat(8).slice(0, 196)}.pdf`,
    'Résumé 简历.pdf'.normalize('NFC'),
    'Résumé 简历.pdf'.normalize('NFD'),
  ];
  const dir = join(f.dir, 'chinese');
  mkdirSync(join(dir, 'attachments'), { recursive: true });
  writeFileSync(join(dir, 'application.json'), JSON.stringify({ note: '等级保护备案' }));
  const contents = new Map(names.map((name) => [name, randomBytes(20_000 + name.length)]));
  for (const [name, bytes] of contents) writeFileSync(join(dir, 'attachments', name), bytes);
  // 200 Chinese characters are 600 UTF-8 bytes, more than a Linux file name holds: kept under another
  // name on this disk, sent under its own (as the app sends what the clerk attached).
  const chinese = `${'等级保护测评报告附件'.repeat(19)}网络拓扑图示.pdf`;
  assert.equal([...chinese].length, 200);
  const chineseBytes = randomBytes(30_000);
  writeFileSync(join(f.dir, 'long-name.pdf'), chineseBytes);
  contents.set(chinese, chineseBytes);
  names.push(chinese);
  const parts = [...folderParts(dir), ...fileParts(join(f.dir, 'long-name.pdf'), `attachments/${chinese}`)];
  sentAs.set('draft3-e1', parts);
  await sync.seal(outbox.enqueue({ id: 'draft3-e1', kind: 'application', title: '等级保护备案', source: dir }), parts);
  assert.deepEqual((await sync.syncOnce()).sent, ['draft3-e1']);

  const received = f.center.list().find((s) => s.id === 'draft3-e1');
  assert.deepEqual(
    received?.parts.map((part) => part.name).sort(),
    ['application.json', ...names.map((name) => `attachments/${name}`)].sort(),
  );
  for (const [name, bytes] of contents) {
    const part = received?.parts.find((p) => p.name === `attachments/${name}`);
    const out = join(f.dir, 'decrypted-part');
    const decrypted = decryptAtCenter(join(f.dir, 'center'), part?.uploadId ?? '', out);
    assert.equal(decrypted.ok, true, decrypted.output);
    assert.deepEqual(readFileSync(out), bytes, name);
  }
});

test('a refusal of a verified request is final and carries the center’s detail into the message', async () => {
  const dir = join(f.dir, 'bad-name');
  mkdirSync(join(dir, 'attachments'), { recursive: true });
  writeFileSync(join(dir, 'attachments', '响铃\u0007.pdf'), randomBytes(100));
  const queued = outbox.enqueue({ id: 'draft4-e1', kind: 'application', title: '名称有误的申请', source: dir });
  await sync.seal(queued, folderParts(dir));
  assert.deepEqual((await sync.syncOnce()).sent, []);
  const refused = outbox.get('draft4-e1');
  assert.equal(refused.state, 'rejected');
  assert.equal(refused.lastError?.params['authenticated'], 'yes');
  assert.match(String(refused.lastError?.params['detail']), /^parts\.0\.name: /);
  assert.match(
    errorMessage('zh-CN', refused.lastError ?? { code: 'INTERNAL', params: {} }),
    /^资源中心拒绝了请求：请求内容不符合接口规范（parts\.0\.name: /,
  );

  // 重试 puts it back in the queue from a fresh backoff; 删除 takes it and its ciphertext away.
  assert.deepEqual(outbox.retry('draft4-e1').state, 'pending');
  assert.equal(outbox.get('draft4-e1').attempts, 0);
  assert.equal(sync.remove('draft4-e1').id, 'draft4-e1');
  assert.equal(outbox.has('draft4-e1'), false);
  assert.equal(existsSync(join(f.dir, 'client', 'spool', 'draft4-e1')), false);
  assert.throws(() => sync.remove('draft4-e1'), { code: 'OUTBOX_ITEM_NOT_FOUND' });
  assert.throws(() => outbox.retry('draft1-e1'), { code: 'OUTBOX_ITEM_SENT' });
});

test('the center’s approvers, seal impressions and notices come down with every sync; the desk adopts them; a notice is new only once', async () => {
  const personal = await f.tokens.certificateDer(f.demo.tokenSerial, '个人证书');
  const seal = await f.tokens.certificateDer(f.demo.tokenSerial, '电子印章');
  const svg = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="40mm" height="40mm" viewBox="0 0 40 40"><circle cx="20" cy="20" r="19" fill="none" stroke="red"/></svg>',
  );
  f.center.authoriseApprover('示例市大数据管理局', personal.der);
  f.center.registerImpression('示例市大数据管理局', seal.der, { format: 'svg', data: svg, widthMm: 40 });
  const notice = f.center.publishNotice('关于调整印章使用情况报送周期的通知', '自 2027 年起按季度报送。');

  const first = await sync.syncOnce();
  assert.deepEqual(first.reference?.approvers, [{ label: '张三', fingerprintSha256: sha256Hex(personal.der) }]);
  assert.deepEqual(first.newNotices, [notice]);
  const desk = new SealDeskService({
    dataDir: join(f.dir, 'desk'),
    settings: new JsonFileSettingsStore(join(f.dir, 'desk', 'settings.json')),
    tokens: () => f.tokens,
    extraRootFiles: [],
    demoImpressions: false,
    audit: auditTrailIn(join(f.dir, 'desk'), () => f.tokens),
  });
  for (let pass = 0; pass < 2; pass++) await desk.adoptCenterReference(first.reference ?? { approvers: [], impressions: [] });
  assert.deepEqual(desk.options.settings.read().approvers, [{ label: '张三', fingerprintSha256: sha256Hex(personal.der) }]);
  const [bound] = await desk.seals();
  assert.deepEqual(bound?.impression, { format: 'svg', widthMm: 40, heightMm: 40 });
  assert.deepEqual(desk.impressions.raw(sha256Hex(seal.der))?.bytes, svg);

  const second = await sync.syncOnce();
  assert.deepEqual(second.newNotices, []);
  assert.deepEqual(sync.state().notices, [notice]);
});

test('an upload resumed from whatever the center holds (nothing yet, one chunk, less than the client sent) completes, and openssl cms -decrypt gives the file', async () => {
  const file = join(f.dir, 'resumed.pdf');
  writeFileSync(file, Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(20 * 1024 * 1024)]));
  // The connection "drops" once the upload has got this far (as the client sees it).
  let dropAt = Infinity;
  const resuming = clientSync(f, () => enrolment, {
    partsOf: () => Promise.resolve(fileParts(file, 'document.pdf')),
    onProgress: ({ sent }) => {
      if (sent >= dropAt) throw new AppError('CENTER_UNREACHABLE');
    },
  });
  await resuming.sync.seal(
    resuming.outbox.enqueue({ id: 'resumed-e1', kind: 'document', title: '续传的文件', source: file }),
    fileParts(file, 'document.pdf'),
  );
  const uploadUrl = () => resuming.outbox.get('resumed-e1').parts[0]?.uploadUrl;
  const stored = () => join(centerLayout(join(f.dir, 'center')).uploads, new URL(uploadUrl() ?? '').pathname.split('/').pop() ?? '');

  dropAt = 0;
  assert.deepEqual((await resuming.sync.syncOnce(true)).failed, [{ id: 'resumed-e1', code: 'CENTER_UNREACHABLE' }]);
  const created = uploadUrl();
  assert.ok(created !== null && created !== undefined, 'the upload was created before the drop');
  assert.equal(readFileSync(stored()).length, 0, 'no chunk reached the center');

  dropAt = 1;
  assert.deepEqual((await resuming.sync.syncOnce(true)).failed, [{ id: 'resumed-e1', code: 'CENTER_UNREACHABLE' }]);
  assert.equal(uploadUrl(), created, 'resumed from offset 0, the same upload');
  assert.equal(readFileSync(stored()).length, 8 * 1024 * 1024, 'one chunk reached the center');

  // The center lost the end of what it acknowledged: the client resumes from the offset it answers, mid-chunk.
  truncateSync(stored(), 3 * 1024 * 1024 + 7);
  dropAt = Infinity;
  assert.deepEqual((await resuming.sync.syncOnce(true)).sent, ['resumed-e1']);
  assert.equal(uploadUrl(), created, 'the same upload went on');
  const out = join(f.dir, 'resumed-received.pdf');
  const decrypted = decryptAtCenter(
    join(f.dir, 'center'),
    f.center.list().find((s) => s.id === 'resumed-e1')?.parts[0]?.uploadId ?? '',
    out,
  );
  assert.equal(decrypted.ok, true, decrypted.output);
  assert.ok(readFileSync(out).equals(readFileSync(file)), 'the center decrypts exactly the file');
});

test('a part an earlier version had finished uploading (no block digest in its outbox record) is sent again, and the submission delivered once', async () => {
  const file = join(f.dir, 'from-old-version.pdf');
  writeFileSync(file, Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(50_000)]));
  const parts = fileParts(file, 'document.pdf');
  sentAs.set('old-version-e1', parts);
  await sync.seal(outbox.enqueue({ id: 'old-version-e1', kind: 'document', title: '旧版本上传的文件', source: file }), parts);
  // As the earlier version left it: uploaded, the content key dropped, the envelope's SHA-256 under a field this one does not read.
  outbox.update('old-version-e1', (item) => ({
    parts: item.parts.map((part) => ({ ...part, uploaded: true, uploadUrl: `${f.url}/v1/uploads/0123456789abcdef`, sealing: null })),
  }));
  assert.equal(outbox.get('old-version-e1').parts[0]?.blocksSha256, null);
  assert.deepEqual((await sync.syncOnce(true)).sent, ['old-version-e1']);
  const received = f.center.list().filter((s) => s.id === 'old-version-e1');
  assert.equal(received.length, 1);
  const out = join(f.dir, 'old-version-received.pdf');
  const decrypted = decryptAtCenter(join(f.dir, 'center'), received[0]?.parts[0]?.uploadId ?? '', out);
  assert.equal(decrypted.ok, true, decrypted.output);
  assert.ok(readFileSync(out).equals(readFileSync(file)));
});
