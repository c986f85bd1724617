import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { centerLayout } from '../../../center/index.ts';
import { DEMO_UNIT } from '../../../electron/services/demo/index.ts';
import { CenterLink, enrol } from '../../../electron/services/sync/index.ts';
import { uploadEnvelope } from '../../../electron/services/sync/tus-stack.ts';
import type { Signer } from '../../../electron/services/token/index.ts';
import { ChangesResponseSchema, ReferenceDataSchema, SubmissionReceiptSchema } from '../../../shared/center/index.ts';
import type { CenterEnrolment } from '../../../shared/model/center-link.ts';
import { anotherUnit, freshCenter, type CenterFixture } from '../../support/center.ts';
import { runSealdeskAsync } from '../../support/cli.ts';

// Two enrolled units on one real center: whatever path or method unit B tries, A's things stay A's.
const OTHER_UNIT = '示例市卫生健康委员会';
const fixture = freshCenter('center-isolation');
let f: CenterFixture;
let other: Signer;
let linkA: CenterLink;
let linkB: CenterLink;
let uploadUrl: string;

const linkFor = (signer: Signer, enrolment: CenterEnrolment): CenterLink =>
  new CenterLink({ baseUrl: f.url, signer, centerCertificate: new Uint8Array(Buffer.from(enrolment.signingCertificate, 'base64')) });

/** A finished tus upload of `bytes` by the unit behind `link`; returns its URL. */
async function upload(link: CenterLink, bytes: Buffer): Promise<string> {
  const job = { size: bytes.length, uploadUrl: null, onUploadUrl: () => undefined, onProgress: () => undefined };
  return (
    await uploadEnvelope(link, {
      ...job,
      envelope: async function* () {
        yield bytes;
      },
    })
  ).url;
}

const idOf = (url: string): string => new URL(url).pathname.split('/').pop() ?? '';

before(async () => {
  f = await fixture;
  other = await anotherUnit(f, OTHER_UNIT);
  const enrolledA = await enrol({ url: f.url, code: f.enrolmentCode, signer: f.unit, trustedRoots: f.trustedRoots });
  const codeB = f.center.createEnrolmentCode(OTHER_UNIT);
  const enrolledB = await enrol({ url: f.url, code: codeB, signer: other, trustedRoots: f.trustedRoots });
  assert.equal(enrolledB.unitName, OTHER_UNIT);
  [linkA, linkB] = [linkFor(f.unit, enrolledA), linkFor(other, enrolledB)];
  uploadUrl = await upload(linkA, randomBytes(70_000));
});

test("every method on A's upload, and on its FileStore metadata file, is not-found for B", async () => {
  const tus = { 'tus-resumable': '1.0.0', 'content-type': 'application/offset+octet-stream' };
  const attempts: [string, string, Record<string, string>][] = [
    ['HEAD', uploadUrl, tus],
    ['GET', uploadUrl, tus],
    ['PATCH', uploadUrl, { ...tus, 'upload-offset': '70000' }],
    ['DELETE', uploadUrl, tus],
    ['DELETE', `${uploadUrl}.json`, tus],
    ['GET', `${uploadUrl}.json`, tus],
    ['DELETE', uploadUrl.replace(idOf(uploadUrl), `..%2F${idOf(uploadUrl)}`), tus],
  ];
  for (const [method, url, headers] of attempts) {
    const answer = await linkB.exchange(method, url, new Uint8Array(method === 'PATCH' ? 10 : 0), headers);
    assert.equal(answer.status, 404, `${method} ${url}`);
  }
  const stored = join(centerLayout(join(f.dir, 'center')).uploads, idOf(uploadUrl));
  assert.ok(existsSync(stored) && existsSync(`${stored}.json`), 'data and metadata are still there');
  const head = await linkA.exchange('HEAD', uploadUrl, new Uint8Array(), tus);
  assert.equal(head.status, 200);
  assert.equal(head.headers['upload-offset'], '70000');
});

test("a chunk at another offset than the upload's, or past its length, is refused and changes nothing, even from its unit", async () => {
  const tus = { 'tus-resumable': '1.0.0', 'content-type': 'application/offset+octet-stream' };
  const stored = join(centerLayout(join(f.dir, 'center')).uploads, idOf(uploadUrl));
  const before = readFileSync(stored);
  const early = await linkA.exchange('PATCH', uploadUrl, randomBytes(10), { ...tus, 'upload-offset': '0' });
  assert.equal(early.status, 409);
  const past = await linkA.exchange('PATCH', uploadUrl, randomBytes(10), { ...tus, 'upload-offset': '70000' });
  assert.equal(past.status, 413);
  assert.deepEqual(readFileSync(stored), before);
});

test('a finished upload survives DELETE, even by the unit that made it', async () => {
  const answer = await linkA.exchange('DELETE', uploadUrl, new Uint8Array(), { 'tus-resumable': '1.0.0' });
  assert.ok(answer.status >= 400 && answer.status < 500, String(answer.status));
  const stored = join(centerLayout(join(f.dir, 'center')).uploads, idOf(uploadUrl));
  assert.ok(existsSync(stored) && existsSync(`${stored}.json`));
});

test("B can neither submit A's uploads nor touch A's submission; the change feed and reference data stay per unit", async () => {
  const part = { name: 'attachments/拓扑图.png', uploadId: idOf(uploadUrl), size: 70_000, blocksSha256: 'a'.repeat(64) };
  await assert.rejects(
    linkB.call('PUT', '/v1/submissions/stolen-e1', { kind: 'application', title: '冒用', parts: [part] }, SubmissionReceiptSchema),
    {
      code: 'CENTER_REJECTED',
      params: { reason: 'upload-incomplete', status: 409, authenticated: 'yes' },
    },
  );
  assert.deepEqual(f.center.list(), []);

  const bytes = randomBytes(5_000);
  const ownUrl = await upload(linkA, bytes);
  const ownPart = { name: 'application.json', uploadId: idOf(ownUrl), size: bytes.length, blocksSha256: oneBlockDigest(bytes) };
  await linkA.call(
    'PUT',
    '/v1/submissions/draftA-e1',
    { kind: 'application', title: 'A 的申请', parts: [ownPart] },
    SubmissionReceiptSchema,
  );
  await assert.rejects(
    linkB.call('PUT', '/v1/submissions/draftA-e1', { kind: 'application', title: '冒用', parts: [ownPart] }, SubmissionReceiptSchema),
    {
      code: 'CENTER_REJECTED',
      params: { reason: 'upload-incomplete', status: 409, authenticated: 'yes' },
    },
  );
  assert.deepEqual(
    f.center.list().map((s) => [s.id, s.unitName, s.title]),
    [['draftA-e1', DEMO_UNIT, 'A 的申请']],
  );

  await f.center.decide('draftA-e1', 'return', '缺少拓扑图');
  const changesA = await linkA.call('GET', '/v1/changes?after=0', null, ChangesResponseSchema);
  const changesB = await linkB.call('GET', '/v1/changes?after=0', null, ChangesResponseSchema);
  assert.deepEqual(
    changesA.changes.map((c) => c.submissionId),
    ['draftA-e1', 'draftA-e1'],
  );
  assert.deepEqual(changesB.changes, []);

  const personal = await f.tokens.signerFor(f.demo.tokenSerial, '个人证书');
  f.center.authoriseApprover(DEMO_UNIT, personal.certificate);
  assert.equal((await linkA.call('GET', '/v1/reference', null, ReferenceDataSchema)).approvers.length, 1);
  assert.deepEqual((await linkB.call('GET', '/v1/reference', null, ReferenceDataSchema)).approvers, []);
});

/** A submission of `bytes` (uploaded first) under `id` by the unit behind `link`. */
async function submit(link: CenterLink, id: string, title: string, bytes: Buffer): Promise<unknown> {
  const uploadId = idOf(await upload(link, bytes));
  const part = { name: 'circular.pdf', uploadId, size: bytes.length, blocksSha256: oneBlockDigest(bytes) };
  return link.call('PUT', `/v1/submissions/${id}`, { kind: 'document', title, parts: [part] }, SubmissionReceiptSchema);
}

test("an id B used first (the same circular's sub-<sha256>) is still A's own: received, each unit sees only its own, the operator names the unit", async () => {
  const circular = randomBytes(3_000);
  const id = `sub-${createHash('sha256').update(circular).digest('hex')}`;
  await submit(linkB, id, 'B 的转发', circular);
  const receipt = await submit(linkA, id, 'A 的转发', circular);
  assert.equal(SubmissionReceiptSchema.parse(receipt).status, 'received');
  const held = f.center.list().filter((s) => s.id === id);
  assert.deepEqual(
    held.map((s) => [s.unitName, s.title]).sort(),
    [
      [DEMO_UNIT, 'A 的转发'],
      [OTHER_UNIT, 'B 的转发'],
    ].sort(),
  );

  const centerDir = join(f.dir, 'center');
  const operator = (args: string[]) => runSealdeskAsync(['center', ...args, '--dir', centerDir]);
  const ambiguous = await operator(['decide', id, 'return']);
  assert.equal(ambiguous.code, 1, ambiguous.stdout);
  assert.match(ambiguous.stderr, new RegExp(`${id}.*${DEMO_UNIT}.*${OTHER_UNIT}|${id}.*${OTHER_UNIT}.*${DEMO_UNIT}`));
  assert.match(ambiguous.stderr, /--unit/);
  const decided = await operator(['decide', id, 'return', '--reason', '请附正式文号', '--unit', OTHER_UNIT]);
  assert.equal(decided.code, 0, decided.stderr);
  assert.match(decided.stdout, new RegExp(`^${id}\t.+\t${OTHER_UNIT}\n$`));

  const feed = async (link: CenterLink) =>
    (await link.call('GET', '/v1/changes?after=0', null, ChangesResponseSchema)).changes
      .filter((c) => c.submissionId === id)
      .map((c) => [c.status, c.reason]);
  assert.deepEqual(await feed(linkA), [['received', null]]);
  assert.deepEqual(await feed(linkB), [
    ['received', null],
    ['returned', '请附正式文号'],
  ]);
  const listed = JSON.parse((await operator(['list', '--json'])).stdout) as { id: string; unitName: string; status: string }[];
  assert.deepEqual(
    listed
      .filter((s) => s.id === id)
      .map((s) => [s.unitName, s.status])
      .sort(),
    [
      [DEMO_UNIT, 'received'],
      [OTHER_UNIT, 'returned'],
    ].sort(),
  );
});

/** The digest a submission names for bytes shorter than one block: the SHA-256 of their SHA-256. */
function oneBlockDigest(bytes: Buffer): string {
  return createHash('sha256').update(createHash('sha256').update(bytes).digest()).digest('hex');
}
