import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ReferenceCenter } from '../../../center/index.ts';
import { sha256Hex } from '../../../electron/services/pki/index.ts';
import { CenterLink, enrol } from '../../../electron/services/sync/index.ts';
import type { Signer } from '../../../electron/services/token/index.ts';
import { ChangesResponseSchema } from '../../../shared/center/index.ts';
import { freshCenter, signedRequest, type CenterFixture } from '../../support/center.ts';
import { tempDir } from '../../support/temp.ts';

const fixture = freshCenter('center-reject');
const impostorDir = tempDir('center-impostor');
let f: CenterFixture;
let unit: Signer;
let pinned: Uint8Array;

before(async () => {
  f = await fixture;
  unit = f.unit;
  const enrolment = await enrol({ url: f.url, code: f.enrolmentCode, signer: unit, trustedRoots: f.trustedRoots });
  pinned = new Uint8Array(Buffer.from(enrolment.signingCertificate, 'base64'));
});

interface Tampering {
  now?: Date;
  body?: string;
  sentBody?: string;
  signature?: (value: string) => string;
  headers?: Record<string, string>;
}

/** One request to GET /v1/changes, signed on the token, then altered the way an attacker would. */
async function send(tampering: Tampering = {}): Promise<{ status: number; reason: string }> {
  const url = `${f.url}/v1/changes?after=0`;
  const body = Buffer.from(tampering.body ?? '');
  const signed = await signedRequest(unit, { method: 'POST', url, body, ...(tampering.now ? { now: tampering.now } : {}) });
  const headers = { ...signed, ...tampering.headers, signature: (tampering.signature ?? ((v) => v))(signed['signature'] ?? '') };
  const response = await fetch(url, { method: 'POST', headers, body: tampering.sentBody ?? tampering.body ?? '' });
  const json = (await response.json()) as { reason: string };
  return { status: response.status, reason: json.reason };
}

test('a well-signed request is not refused for its signature (the route is GET, so it is 404 not-found)', async () => {
  assert.deepEqual(await send(), { status: 404, reason: 'not-found' });
});

test('a body changed after signing: digest-mismatch', async () => {
  assert.equal((await send({ body: '{"a":1}', sentBody: '{"a":2}' })).reason, 'digest-mismatch');
});

test('an altered signature: signature-invalid', async () => {
  const flip = (value: string) => value.replace(/:([A-Za-z0-9+/])/, (_, c: string) => `:${c === 'A' ? 'B' : 'A'}`);
  assert.equal((await send({ signature: flip })).reason, 'signature-invalid');
});

test('a signature made 10 minutes ago: signature-expired; one from the future: not yet valid', async () => {
  assert.equal((await send({ now: new Date(Date.now() - 600_000) })).reason, 'signature-expired');
  assert.equal((await send({ now: new Date(Date.now() + 600_000) })).reason, 'signature-not-yet-valid');
});

test('no signature at all: signature-missing', async () => {
  const response = await fetch(`${f.url}/v1/changes`);
  assert.equal(((await response.json()) as { reason: string }).reason, 'signature-missing');
});

test('the same signed request sent twice: the second is nonce-replayed', async () => {
  const url = `${f.url}/v1/changes?after=0`;
  const signed = await signedRequest(unit, { method: 'GET', url });
  assert.equal((await fetch(url, { headers: signed })).status, 200);
  const replay = await fetch(url, { headers: signed });
  assert.equal(replay.status, 401);
  assert.equal(((await replay.json()) as { reason: string }).reason, 'nonce-replayed');
});

test('a response signed by anyone but the pinned center is refused by the client', async () => {
  const impostor = await ReferenceCenter.open(join(impostorDir, 'center'));
  const url = await impostor.listen();
  after(() => impostor.close());
  const link = new CenterLink({ baseUrl: url, signer: unit, centerCertificate: pinned });
  await assert.rejects(link.call('GET', '/v1/changes?after=0', null, ChangesResponseSchema), {
    code: 'CENTER_RESPONSE_UNTRUSTED',
    params: { reason: 'key-unknown' },
  });
});

test('after the center revokes the unit certificate, its requests are refused, in the session it had open too: certificate-revoked, final', async () => {
  const link = new CenterLink({ baseUrl: f.url, signer: unit, centerCertificate: pinned });
  assert.deepEqual((await link.call('GET', '/v1/changes?after=0', null, ChangesResponseSchema)).changes, []);
  assert.ok(f.center.revoke(sha256Hex(unit.certificate), 'keyCompromise'));
  await assert.rejects(link.call('GET', '/v1/changes?after=0', null, ChangesResponseSchema), {
    code: 'CENTER_REJECTED',
    params: { reason: 'certificate-revoked', status: 401, authenticated: 'yes' },
  });
});

test('an answer larger than the client reads (64 MiB), declared or streamed, is refused before it fills memory', async () => {
  const flood = createServer((request, response) => {
    if (request.url === '/declared') {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(100 * 1024 * 1024) });
      response.write('{');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    const piece = Buffer.alloc(1024 * 1024, 0x20);
    const more = (): void => {
      while (!response.destroyed && response.write(piece));
      if (!response.destroyed) response.once('drain', more);
    };
    more();
  });
  await new Promise<void>((resolve) => flood.listen(0, '127.0.0.1', resolve));
  after(() => {
    flood.closeAllConnections();
    flood.close();
  });
  const link = new CenterLink({
    baseUrl: `http://127.0.0.1:${(flood.address() as AddressInfo).port}`,
    signer: unit,
    centerCertificate: pinned,
  });
  for (const path of ['/declared', '/streamed']) {
    await assert.rejects(link.call('GET', path, null, ChangesResponseSchema), {
      code: 'CENTER_RESPONSE_UNTRUSTED',
      params: { reason: 'response-too-large' },
    });
  }
});
