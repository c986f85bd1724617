// Audit anchors at a real center (issue 28): signed on the demo's SoftHSM2 token with the unit
// certificate, confirmed only when they extend the unit's last anchor, kept per unit, and a statement
// signed by another unit's key is refused.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { LedgerAnchors } from '../../../electron/services/audit/anchor.ts';
import { signContent } from '../../../electron/services/cms/index.ts';
import { DEMO_UNIT } from '../../../electron/services/demo/index.ts';
import { CenterLink, enrol } from '../../../electron/services/sync/index.ts';
import type { Signer } from '../../../electron/services/token/index.ts';
import { AnchorReceiptSchema, CENTER_ROUTES } from '../../../shared/center/index.ts';
import { toWireError } from '../../../shared/errors.ts';
import { anotherUnit, freshCenter, type CenterFixture } from '../../support/center.ts';

const OTHER_UNIT = '示例市卫生健康委员会';
const fixture = freshCenter('center-anchors');
let f: CenterFixture;
let other: Signer;
let linkA: CenterLink;
let linkB: CenterLink;

const chain = (count: number, salt = ''): string[] =>
  Array.from({ length: count }, (_, i) => createHash('sha256').update(`${salt}${i}`).digest('hex'));
const anchorsIn = (name: string): LedgerAnchors => new LedgerAnchors(join(f.dir, name));

before(async () => {
  f = await fixture;
  other = await anotherUnit(f, OTHER_UNIT);
  const enrolledA = await enrol({ url: f.url, code: f.enrolmentCode, signer: f.unit, trustedRoots: f.trustedRoots });
  const enrolledB = await enrol({
    url: f.url,
    code: f.center.createEnrolmentCode(OTHER_UNIT),
    signer: other,
    trustedRoots: f.trustedRoots,
  });
  const link = (signer: Signer, certificate: string) =>
    new CenterLink({ baseUrl: f.url, signer, centerCertificate: new Uint8Array(Buffer.from(certificate, 'base64')) });
  linkA = link(f.unit, enrolledA.signingCertificate);
  linkB = link(other, enrolledB.signingCertificate);
  assert.notEqual(DEMO_UNIT, OTHER_UNIT);
});

test('an anchor is confirmed when it extends the last, refused when the chain was rewritten or cut, per unit', async () => {
  const a = anchorsIn('a');
  const first = await a.anchor(linkA, f.unit, chain(5), new Date());
  assert.deepEqual([first.confirmed?.sequence, first.confirmed?.hash, first.refused], [5, chain(5)[4], null]);
  const longer = await a.anchor(linkA, f.unit, chain(8), new Date());
  assert.deepEqual([longer.confirmed?.sequence, longer.refused], [8, null]);

  const rewritten = await a.anchor(linkA, f.unit, chain(9, 'forged'), new Date());
  assert.equal(rewritten.refused?.reason, 'diverged');
  assert.equal(rewritten.confirmed?.sequence, 8, 'the last confirmed anchor stays');
  const cut = await a.anchor(linkA, f.unit, chain(6), new Date());
  assert.equal(cut.refused?.reason, 'behind');
  assert.equal((await a.fetchLast(linkA))?.hash, chain(8)[7]);

  assert.equal(await anchorsIn('b').fetchLast(linkB), null, "unit A's anchors are not unit B's");
  const b = await anchorsIn('b').anchor(linkB, other, chain(2, 'b'), new Date());
  assert.deepEqual([b.confirmed?.sequence, b.refused], [2, null]);
  assert.equal((await a.fetchLast(linkA))?.sequence, 8);
});

test("a statement signed with another unit's key is refused", async () => {
  const statement = Buffer.from(
    JSON.stringify({ head: { sequence: 3, hash: chain(3, 'b')[2] }, extends: null, signedAt: new Date().toISOString() }),
  );
  const signature = Buffer.from(await signContent(f.unit, statement)).toString('base64');
  const route = CENTER_ROUTES.anchor;
  const refused = await linkB
    .call(route.method, route.path, { statement: statement.toString('base64'), signature }, AnchorReceiptSchema)
    .then(() => null, toWireError);
  assert.equal(refused?.code, 'CENTER_REJECTED');
  assert.equal(refused?.params['reason'], 'request-invalid');
  assert.equal((await anchorsIn('b').fetchLast(linkB))?.sequence, 2);
});
