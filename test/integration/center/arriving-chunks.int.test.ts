import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { centerLayout, ReferenceCenter } from '../../../center/index.ts';
import { CenterLink, enrol } from '../../../electron/services/sync/index.ts';
import { UPLOADS_PATH } from '../../../shared/center/index.ts';
import { freshCenter, signedRequest, type CenterFixture } from '../../support/center.ts';

// The center writes a chunk while it arrives, before its digest can be checked: what it has not
// checked must never count as part of the upload, whether the chunk is cut off or the center stops.
const fixture = freshCenter('center-arriving');
let f: CenterFixture;
let link: CenterLink;
const TUS = { 'tus-resumable': '1.0.0', 'content-type': 'application/offset+octet-stream' };

before(async () => {
  f = await fixture;
  const enrolment = await enrol({ url: f.url, code: f.enrolmentCode, signer: f.unit, trustedRoots: f.trustedRoots });
  link = new CenterLink({ baseUrl: f.url, signer: f.unit, centerCertificate: Buffer.from(enrolment.signingCertificate, 'base64') });
});

async function createUpload(size: number): Promise<string> {
  const created = await link.exchange('POST', link.url(UPLOADS_PATH), new Uint8Array(), { ...TUS, 'upload-length': String(size) });
  assert.equal(created.status, 201);
  return new URL(created.headers['location'] ?? '', f.url).href;
}

async function offsetOf(url: string): Promise<number> {
  return Number((await link.exchange('HEAD', url, new Uint8Array(), TUS)).headers['upload-offset']);
}

const fileOf = (url: string): string => join(centerLayout(join(f.dir, 'center')).uploads, new URL(url).pathname.split('/').pop() ?? '');

/** A signed 4 MiB chunk at offset 0 of a new upload, half sent and left open; resolves once that half is on the center's disk. */
async function halfSentChunk(): Promise<{ url: string; file: string; patch: ClientRequest }> {
  const url = await createUpload(4 * 1024 * 1024);
  const body = randomBytes(4 * 1024 * 1024);
  const signed = await signedRequest(f.unit, { method: 'PATCH', url, body, headers: { ...TUS, 'upload-offset': '0' } });
  // A connection of its own: the client that resumes uses another, as a restarted client would.
  const patch = request(url, { method: 'PATCH', agent: false, headers: { ...signed, 'content-length': String(body.length) } });
  patch.on('error', () => undefined);
  patch.write(body.subarray(0, body.length / 2));
  const file = fileOf(url);
  for (let waited = 0; statSync(file).size === 0; waited += 10) {
    assert.ok(waited < 5000, 'the first half is on disk before the rest is sent');
    await sleep(10);
  }
  return { url, file, patch };
}

async function cutOffAgain(file: string): Promise<void> {
  for (let waited = 0; statSync(file).size > 0 || existsSync(`${file}.arriving-0`); waited += 10) {
    assert.ok(waited < 5000, 'the unchecked half is cut off again');
    await sleep(10);
  }
}

test('a chunk cut off half-way is written while it arrives, then cut off the file again: the upload stays where it was', async () => {
  const { url, file, patch } = await halfSentChunk();
  patch.destroy();
  await cutOffAgain(file);
  assert.equal(await offsetOf(url), 0);
});

test('a chunk whose connection hangs half-way does not hold up the client that resumes: its HEAD ends that chunk and is answered at once', async () => {
  const { url, file, patch } = await halfSentChunk();
  const started = Date.now();
  assert.equal(await offsetOf(url), 0);
  assert.ok(Date.now() - started < 2000, `answered in ${Date.now() - started} ms`);
  await cutOffAgain(file);
  patch.destroy();
});

test('a center stopped while writing a chunk cuts it off when it starts again; the honest chunk is then taken', async () => {
  const url = await createUpload(600_000);
  const file = fileOf(url);
  // What a center killed mid-chunk leaves: part of a chunk never checked, and the offset it started at.
  writeFileSync(file, randomBytes(400_000));
  writeFileSync(`${file}.arriving-0`, '');
  const restarted = await ReferenceCenter.open(join(f.dir, 'center'));
  try {
    assert.equal(statSync(file).size, 0);
    assert.deepEqual(
      readdirSync(join(file, '..')).filter((name) => name.includes('.arriving')),
      [],
    );
  } finally {
    await restarted.close();
  }
  assert.equal(await offsetOf(url), 0);
  const body = randomBytes(600_000);
  const stored = await link.exchange('PATCH', url, body, { ...TUS, 'upload-offset': '0' });
  assert.equal(stored.status, 204);
  assert.equal(stored.headers['upload-offset'], '600000');
  assert.equal(statSync(file).size, 600_000);
});
