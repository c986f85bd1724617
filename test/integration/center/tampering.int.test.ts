import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { enrol, folderParts, type Outbox, type SyncService } from '../../../electron/services/sync/index.ts';
import type { CenterEnrolment } from '../../../shared/model/center-link.ts';
import { CENTER_ROUTES, UPLOADS_PATH } from '../../../shared/center/index.ts';
import { centerLayout } from '../../../center/index.ts';
import { clientSync, freshCenter, type CenterFixture } from '../../support/center.ts';
import { flipLastByte, tamperingRelay, type Tampering } from '../../support/tampering-relay.ts';

// The client reaches the center only through a man in the middle, which the center's configuration
// names as the address clients use (so requests signed for it are the center's own).
let centerUrl = '';
const relay = await tamperingRelay(() => centerUrl);
const fixture = freshCenter('center-tamper', {}, { origins: [relay.url] });
let f: CenterFixture;
let enrolment: CenterEnrolment;
let outbox: Outbox;
let sync: SyncService;

before(async () => {
  f = await fixture;
  centerUrl = f.url;
  enrolment = await enrol({ url: relay.url, code: f.enrolmentCode, signer: f.unit, trustedRoots: f.trustedRoots });
  ({ outbox, sync } = clientSync(f, () => enrolment, { partsOf: (item) => Promise.resolve(folderParts(item.source)) }));
});
after(() => relay.close());

test('one flipped byte in the session’s registration, an upload chunk, then the submission, leaves the item queued; an honest sync delivers it once', async () => {
  const dir = join(f.dir, 'package');
  mkdirSync(join(dir, 'attachments'), { recursive: true });
  writeFileSync(join(dir, 'application.json'), JSON.stringify({ note: '网络接入申请' }));
  writeFileSync(join(dir, 'application.p7s'), randomBytes(1500));
  writeFileSync(join(dir, 'attachments', '拓扑图.png'), randomBytes(300_000));
  await sync.seal(outbox.enqueue({ id: 'draft9-e1', kind: 'application', title: '网络接入申请', source: dir }), folderParts(dir));

  for (const [method, prefix] of [
    ['POST', CENTER_ROUTES.session.path],
    ['PATCH', '/v1/uploads/'],
    ['PUT', '/v1/submissions/'],
  ] as const) {
    relay.arm((m, path) => m === method && path.startsWith(prefix));
    const report = await sync.syncOnce(true);
    assert.deepEqual(report.sent, [], `${method} tampered`);
    const item = outbox.get('draft9-e1');
    assert.equal(item.state, 'pending', 'a refusal of a damaged request is not final');
    assert.deepEqual(item.lastError, {
      code: 'CENTER_REJECTED',
      params: { reason: 'digest-mismatch', status: 401, authenticated: 'no' },
    });
    assert.ok(item.nextAttemptAt !== null, 'retried later, with backoff');
    assert.deepEqual(f.center.list(), []);
    if (method === 'PATCH') assert.deepEqual(storedUploadBytes(), [0], 'the damaged chunk, written as it arrived, is cut off again');
  }
  assert.equal(relay.tampered(), 3);

  assert.deepEqual((await sync.syncOnce(true)).sent, ['draft9-e1']);
  assert.equal(outbox.get('draft9-e1').state, 'sent');
  assert.deepEqual(
    f.center.list().map((s) => s.id),
    ['draft9-e1'],
  );
});

/** Queues a package of an application and an attachment under `id`, sealed for the center. */
async function queue(id: string): Promise<void> {
  const dir = join(f.dir, id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'application.json'), JSON.stringify({ note: id }));
  writeFileSync(join(dir, 'attachment.bin'), randomBytes(200_000));
  await sync.seal(outbox.enqueue({ id, kind: 'application', title: id, source: dir }), folderParts(dir));
}

test('an upload made one byte longer on the way (Upload-Length) is refused before it exists; the item stays queued and is delivered later', async () => {
  await queue('longer-e1');
  relay.arm((method, path) => method === 'POST' && path.startsWith('/v1/uploads'), {
    request: (sent) => (sent.headers['upload-length'] = String(Number(sent.headers['upload-length']) + 1)),
  });
  assert.deepEqual((await sync.syncOnce(true)).sent, []);
  assert.equal(outbox.get('longer-e1').state, 'pending');
  assert.deepEqual(outbox.get('longer-e1').lastError?.params, { reason: 'signature-invalid', status: 401, authenticated: 'no' });
  assert.deepEqual((await sync.syncOnce(true)).sent, ['longer-e1']);
  assert.equal(f.center.list().filter((s) => s.id === 'longer-e1').length, 1);
});

test('answers changed (Location, Upload-Offset, status, body) or swallowed on the way are not believed; each item is delivered once later', async () => {
  const attacks: [string, (method: string, path: string) => boolean, Tampering, string][] = [
    [
      'Location moved',
      (m, p) => m === 'POST' && p.startsWith(UPLOADS_PATH),
      { answer: (a) => (a.headers.location = `${String(a.headers.location)}0`) },
      'CENTER_RESPONSE_UNTRUSTED',
    ],
    ['Upload-Offset moved', (m) => m === 'PATCH', { answer: (a) => (a.headers['upload-offset'] = '100') }, 'CENTER_RESPONSE_UNTRUSTED'],
    ['Upload-Offset removed', (m) => m === 'PATCH', { answer: (a) => delete a.headers['upload-offset'] }, 'CENTER_RESPONSE_UNTRUSTED'],
    ['signature removed', (m) => m === 'PUT', { answer: (a) => delete a.headers['signature'] }, 'CENTER_RESPONSE_UNTRUSTED'],
    ['receipt made a refusal', (m) => m === 'PUT', { answer: (a) => (a.status = 409) }, 'CENTER_RESPONSE_UNTRUSTED'],
    ['receipt body changed', (m) => m === 'PUT', { answer: (a) => flipLastByte(a) }, 'CENTER_RESPONSE_UNTRUSTED'],
    [
      'session registration answer swallowed',
      (m, p) => m === 'POST' && p === CENTER_ROUTES.session.path,
      { dropAnswer: true },
      'CENTER_UNREACHABLE',
    ],
    ['creation answer swallowed', (m, p) => m === 'POST' && p.startsWith(UPLOADS_PATH), { dropAnswer: true }, 'CENTER_UNREACHABLE'],
    ['chunk answer swallowed', (m) => m === 'PATCH', { dropAnswer: true }, 'CENTER_UNREACHABLE'],
    ['receipt swallowed', (m) => m === 'PUT', { dropAnswer: true }, 'CENTER_UNREACHABLE'],
  ];
  for (const [index, [what, matches, tampering, code]] of attacks.entries()) {
    const id = `answer${index}-e1`;
    await queue(id);
    relay.arm((method, path) => matches(method, path), tampering);
    assert.deepEqual((await sync.syncOnce(true)).failed, [{ id, code }], what);
    assert.equal(outbox.get(id).state, 'pending', what);
    assert.deepEqual((await sync.syncOnce(true)).sent, [id], what);
    assert.equal(f.center.list().filter((s) => s.id === id).length, 1, what);
  }
});

/** The size of every upload's file on the center (not tus's metadata files, not a chunk still being checked). */
function storedUploadBytes(): number[] {
  const uploads = centerLayout(join(f.dir, 'center')).uploads;
  return readdirSync(uploads)
    .filter((name) => !name.includes('.'))
    .map((name) => statSync(join(uploads, name)).size);
}
