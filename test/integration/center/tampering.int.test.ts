import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { enrol, folderParts, type Outbox, type SyncService } from '../../../electron/services/sync/index.ts';
import type { CenterEnrolment } from '../../../shared/model/center-link.ts';
import { clientSync, freshCenter, type CenterFixture } from '../../support/center.ts';
import { tamperingRelay } from '../../support/tampering-relay.ts';

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

test('one flipped byte in an upload chunk, then in the submission, leaves the item queued; an honest sync delivers it once', async () => {
  const dir = join(f.dir, 'package');
  mkdirSync(join(dir, 'attachments'), { recursive: true });
  writeFileSync(join(dir, 'application.json'), JSON.stringify({ note: '网络接入申请' }));
  writeFileSync(join(dir, 'application.p7s'), randomBytes(1500));
  writeFileSync(join(dir, 'attachments', '拓扑图.png'), randomBytes(300_000));
  await sync.seal(outbox.enqueue({ id: 'draft9-e1', kind: 'application', title: '网络接入申请', source: dir }), folderParts(dir));

  for (const [method, prefix] of [
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
  }
  assert.equal(relay.tampered(), 2);

  assert.deepEqual((await sync.syncOnce(true)).sent, ['draft9-e1']);
  assert.equal(outbox.get('draft9-e1').state, 'sent');
  assert.deepEqual(
    f.center.list().map((s) => s.id),
    ['draft9-e1'],
  );
});
