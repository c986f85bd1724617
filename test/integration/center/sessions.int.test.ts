import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ReferenceCenter } from '../../../center/index.ts';
import { sharedSecretSigner, verifyMessage, type MessageSigner } from '../../../electron/services/httpsig/index.ts';
import { CenterLink, enrol, fileParts } from '../../../electron/services/sync/index.ts';
import type { Signer } from '../../../electron/services/token/index.ts';
import { CENTER_ROUTES, ChangesResponseSchema, RESPONSE_COMPONENTS } from '../../../shared/center/index.ts';
import type { CenterEnrolment } from '../../../shared/model/center-link.ts';
import { clientSync, freshCenter, registeredSession, signedRequest, unitOnNewToken, type CenterFixture } from '../../support/center.ts';
import { tempDir } from '../../support/temp.ts';

// The token signs once per session; what the session key signs is the unit's alone, for ten minutes at most.
const fixture = freshCenter('center-sessions');
let f: CenterFixture;
let enrolment: CenterEnrolment;
let pinned: Uint8Array;

before(async () => {
  f = await fixture;
  enrolment = await enrol({ url: f.url, code: f.enrolmentCode, signer: f.unit, trustedRoots: f.trustedRoots });
  pinned = new Uint8Array(Buffer.from(enrolment.signingCertificate, 'base64'));
});

/** The unit's key on the token, counting the signatures it makes. */
function counting(signer: Signer): { signer: Signer; signatures: () => number } {
  let signatures = 0;
  return {
    signer: {
      certificate: signer.certificate,
      keyType: signer.keyType,
      algorithms: signer.algorithms,
      sign: (data, algorithm) => {
        signatures++;
        return signer.sign(data, algorithm);
      },
    },
    signatures: () => signatures,
  };
}

/** Requests the center received while `work` ran. */
async function requestsDuring(work: () => Promise<void>): Promise<number> {
  let requests = 0;
  const count = (): void => void requests++;
  subscribe('http.server.request.start', count);
  try {
    await work();
  } finally {
    unsubscribe('http.server.request.start', count);
  }
  return requests;
}

const changes = (link: CenterLink) =>
  link.call(CENTER_ROUTES.changes.method, `${CENTER_ROUTES.changes.path}?after=0`, null, ChangesResponseSchema);

/** A request sent by hand, signed with `signer`; the center's answer as status, reason and whether it vouched for the request. */
async function sendSigned(
  signer: Signer | MessageSigner,
  request: { method: string; path: string; body?: Uint8Array; alter?: (headers: Record<string, string>) => void },
) {
  const url = `${f.url}${request.path}`;
  const body = request.body ?? new Uint8Array();
  const headers = await signedRequest(signer, { method: request.method, url, body });
  request.alter?.(headers);
  const response = await fetch(url, { method: request.method, headers, ...(request.method === 'GET' ? {} : { body: Buffer.from(body) }) });
  const answer = Buffer.from(await response.arrayBuffer());
  const json = JSON.parse(answer.toString('utf8')) as { reason?: string; authenticated?: boolean };
  return {
    status: response.status,
    reason: json.reason,
    authenticated: json.authenticated,
    headers: Object.fromEntries(response.headers),
    answer,
  };
}

test('a sync signs on the token once, to register its session: the chunks, the submission and the pulls are signed with the session key', async () => {
  const token = counting(f.unit);
  const file = join(f.dir, '年度报告.pdf');
  writeFileSync(file, randomBytes(20 * 1024 * 1024));
  const parts = () => fileParts(file, '年度报告.pdf');
  const { outbox, sync } = clientSync({ ...f, unit: token.signer }, () => enrolment, { partsOf: () => Promise.resolve(parts()) });
  const item = outbox.enqueue({ id: 'session-report', kind: 'document', title: '年度报告', source: file });
  await sync.seal(item, parts());
  const requests = await requestsDuring(async () => assert.deepEqual((await sync.syncOnce(true)).sent, ['session-report']));
  // Registration, upload creation, three 8 MB chunks, the submission, the change feed and the reference data.
  assert.ok(requests >= 8, `${requests} requests`);
  assert.equal(token.signatures(), 1);
  assert.equal(f.center.list().length, 1);
});

test('a session request is answered under the session’s own response key; replayed, reflected, relabelled or unknown it is refused', async () => {
  const session = await registeredSession(f.url, f.unit);
  const path = `${CENTER_ROUTES.changes.path}?after=0`;
  const answered = await sendSigned(session.signer, { method: 'GET', path });
  assert.equal(answered.status, 200);
  const verified = verifyMessage(
    { status: 200, headers: answered.headers },
    {
      required: RESPONSE_COMPONENTS,
      now: new Date(),
      skewSeconds: 5,
      maxLifetimeSeconds: 120,
      keyFor: (keyid) => (keyid === session.id ? { sharedSecret: session.secrets.responses } : null),
      bodySha256: createHash('sha256').update(answered.answer).digest(),
    },
  );
  assert.equal(verified.ok, true);

  const replay = async (): Promise<void> => {
    const headers = await signedRequest(session.signer, { method: 'GET', url: `${f.url}${path}` });
    assert.equal((await fetch(`${f.url}${path}`, { headers })).status, 200);
    const again = await fetch(`${f.url}${path}`, { headers });
    assert.deepEqual([again.status, ((await again.json()) as { reason: string }).reason], [401, 'nonce-replayed']);
  };
  await replay();
  // The center's own answers, sent back as requests, do not hold: each direction has its key.
  const reflected = sharedSecretSigner(session.id, session.secrets.responses);
  assert.deepEqual(pick(await sendSigned(reflected, { method: 'GET', path })), [401, 'signature-invalid', false]);
  const relabel = (headers: Record<string, string>) => {
    headers['signature-input'] = (headers['signature-input'] ?? '').replace('alg="hmac-sha256"', 'alg="ecdsa-p256-sha256"');
  };
  assert.deepEqual(pick(await sendSigned(session.signer, { method: 'GET', path, alter: relabel })), [401, 'signature-invalid', false]);
  const unknown = sharedSecretSigner(`session-${'A'.repeat(22)}`, session.secrets.requests);
  assert.deepEqual(pick(await sendSigned(unknown, { method: 'GET', path })), [401, 'session-unknown', false]);
});

test('only the unit certificate’s key registers a session, and only with a point on P-256', async () => {
  const session = await registeredSession(f.url, f.unit);
  const key = (bytes: Buffer) => Buffer.from(JSON.stringify({ publicKey: bytes.toString('base64') }));
  const notOnTheCurve = key(Buffer.concat([Buffer.from([4]), randomBytes(64)]));
  const byTheSession = await sendSigned(session.signer, { method: 'POST', path: CENTER_ROUTES.session.path, body: notOnTheCurve });
  assert.deepEqual(pick(byTheSession), [403, 'operation-not-allowed', true]);
  const notAPoint = await sendSigned(f.unit, { method: 'POST', path: CENTER_ROUTES.session.path, body: notOnTheCurve });
  assert.deepEqual(pick(notAPoint), [400, 'request-invalid', true]);
});

test('a session ends after ten minutes: the client registers the next one before the end, or when the center says it ended', async () => {
  let clock = new Date();
  let lagMs = 0;
  const timed = await ReferenceCenter.open(tempDir('center-sessions-clock'), () => clock);
  const url = await timed.listen();
  after(() => timed.close());
  const unit = await unitOnNewToken(f.tokens, timed, '示例市档案馆');
  await f.tokens.login(f.demo.tokenSerial, f.demo.pin);
  const code = timed.createEnrolmentCode('示例市档案馆');
  const ownEnrolment = await enrol({
    url,
    code,
    signer: unit.signer,
    trustedRoots: [new Uint8Array(timed.authority.ca.certificate.rawData)],
  });
  const token = counting(unit.signer);
  const link = new CenterLink({
    baseUrl: url,
    signer: token.signer,
    centerCertificate: new Uint8Array(Buffer.from(ownEnrolment.signingCertificate, 'base64')),
    now: () => new Date(clock.getTime() - lagMs),
  });
  const minutes = (n: number) => (clock = new Date(clock.getTime() + n * 60_000));
  await changes(link);
  minutes(8);
  await changes(link);
  assert.equal(token.signatures(), 1);
  minutes(1.5);
  await changes(link);
  assert.equal(token.signatures(), 2, 'half a minute before its end, a new session');
  // The client's clock 90 s behind the center's: it believes its session has 89 s left, the center that it ended.
  lagMs = 90_000;
  minutes(10 + 1 / 60);
  await changes(link);
  assert.equal(token.signatures(), 3, 'told the session ended, the client registered another and sent again');
});

test('a center restarted forgets every session: the client registers a new one and its request goes through; the old session is refused', async () => {
  const token = counting(f.unit);
  const link = new CenterLink({ baseUrl: f.url, signer: token.signer, centerCertificate: pinned });
  await changes(link);
  const old = await registeredSession(f.url, f.unit);
  await f.center.close();
  const restarted = await ReferenceCenter.open(join(f.dir, 'center'));
  await restarted.listen(Number(new URL(f.url).port));
  after(() => restarted.close());
  // A restart takes far longer than the client needs to see its kept-alive connections closed; here, in one
  // process, it is given that moment.
  await new Promise((resolve) => setTimeout(resolve, 100));
  await changes(link);
  assert.equal(token.signatures(), 2);
  assert.deepEqual(pick(await sendSigned(old.signer, { method: 'GET', path: `${CENTER_ROUTES.changes.path}?after=0` })), [
    401,
    'session-unknown',
    false,
  ]);
});

const pick = (sent: { status: number; reason?: string | undefined; authenticated?: boolean | undefined }) => [
  sent.status,
  sent.reason,
  sent.authenticated,
];
