import assert from 'node:assert/strict';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { CertificateWatch } from '../../../electron/services/certs/index.ts';
import { createDemoCa } from '../../../electron/services/demo/index.ts';
import { sha256Hex } from '../../../electron/services/pki/index.ts';
import { JsonFileSettingsStore } from '../../../electron/services/settings/index.ts';
import { enrol, saveEnrolment } from '../../../electron/services/sync/index.ts';
import { OCSP_PATH } from '../../../shared/center/index.ts';
import { freshCenter, type CenterFixture } from '../../support/center.ts';
import { spoilingRelay } from '../../support/spoiling-relay.ts';
import { tempDir } from '../../support/temp.ts';

// The demo token's certificates come from the reference center's CA; the seal certificate is valid for 60 days.
const fixture = freshCenter('certs-watch');
const home = tempDir('certs-watch-home');
const settings = new JsonFileSettingsStore(join(home, 'settings.json'));
const DAY = 86_400_000;
let f: CenterFixture;
let clock = new Date();
let watch: CertificateWatch;

before(async () => {
  f = await fixture;
  saveEnrolment(settings, await enrol({ url: f.url, code: f.enrolmentCode, signer: f.unit, trustedRoots: f.trustedRoots }));
  watch = watchOver(settings, 'pki');
});

/** A watch over the demo token with `store`'s enrolment, keeping its evidence under `cache`. */
const watchOver = (store: JsonFileSettingsStore, cache: string): CertificateWatch =>
  new CertificateWatch({
    tokens: () => f.tokens,
    settings: store,
    extraRootFiles: () => [],
    cacheDir: join(home, cache),
    now: () => clock,
  });

async function statusOf(label: string) {
  const { certificates } = await watch.status(f.demo.tokenSerial);
  const status = certificates.find((c) => c.label === label);
  assert.ok(status, label);
  return status;
}

test('every holder certificate is valid and chains to the center CA pinned at enrolment; revocation is unknown before any CRL', async () => {
  const { certificates } = await watch.status(f.demo.tokenSerial);
  assert.deepEqual(
    certificates.map((c) => c.label).sort(),
    ['个人证书', '单位证书', '电子印章'],
    'the CA kept on the token is not a holder certificate',
  );
  for (const status of certificates) {
    assert.deepEqual([status.validity, status.trust, status.revocation.status], ['valid', 'trusted', 'unknown'], status.label);
  }
});

test('expiry reminders come once per threshold as the clock moves: 30, 14, 7, 1 days, then expired', async () => {
  const notAfter = Date.now() + 60 * DAY;
  const at = (daysLeft: number) => new Date(notAfter - daysLeft * DAY - DAY / 2);
  clock = at(29);
  const unseen = await watch.dueReminders();
  assert.deepEqual(await watch.dueReminders(), unseen, 'a reminder no window has shown yet stays due');
  const announced: [number, number][] = [];
  for (const daysLeft of [45, 31, 30, 29, 14, 10, 7, 1, -1, -5]) {
    clock = at(daysLeft);
    const due = await watch.dueReminders();
    watch.acknowledge(due);
    for (const r of due) if (r.label === '电子印章') announced.push([daysLeft, r.threshold]);
  }
  assert.deepEqual(announced, [
    [30, 30],
    [14, 14],
    [7, 7],
    [1, 1],
    [-1, 0],
  ]);
  assert.equal((await statusOf('电子印章')).validity, 'expired');
  clock = new Date();
});

test('a CRL that does not verify against the pinned CA is reported and not kept', async () => {
  const foreign = await createDemoCa('CN=别的 CA');
  const enrolment = settings.read().centerEnrolment;
  assert.ok(enrolment);
  const tampered = new JsonFileSettingsStore(join(home, 'tampered.json'));
  tampered.write({
    ...settings.read(),
    centerEnrolment: { ...enrolment, url: f.url, caCertificates: [Buffer.from(foreign.certificate.rawData).toString('base64')] },
  });
  const other = watchOver(tampered, 'pki-tampered');
  await other.refreshRevocation();
  const status = await other.status(f.demo.tokenSerial);
  assert.equal(status.revocationError?.code, 'VALIDATION_DATA_INVALID');
  assert.ok(
    status.certificates.every((c) => c.revocation.status === 'unknown'),
    'nothing was kept from it',
  );
});

test('one certificate whose OCSP answer does not check out is reported; the other certificates still get theirs', async () => {
  const enrolment = settings.read().centerEnrolment;
  assert.ok(enrolment);
  const relay = await spoilingRelay(f.url, OCSP_PATH, 1);
  const relayed = new JsonFileSettingsStore(join(home, 'relayed.json'));
  relayed.write({ ...settings.read(), centerEnrolment: { ...enrolment, url: relay.url } });
  const other = watchOver(relayed, 'pki-relayed');
  try {
    await other.refreshRevocation();
  } finally {
    await relay.close();
  }
  const status = await other.status(f.demo.tokenSerial);
  assert.equal(status.revocationError?.code, 'VALIDATION_DATA_INVALID');
  const sources = status.certificates.map((c) => c.revocation.source).sort();
  assert.deepEqual(sources, ['crl', 'ocsp', 'ocsp'], 'the spoiled one falls back to the CRL, the rest have their OCSP answer');
});

test('after the center revokes a certificate, its OCSP answer and CRL say so, with their fetch time; offline the kept answers stay', async () => {
  await watch.refreshRevocation();
  const good = await statusOf('单位证书');
  assert.deepEqual([good.revocation.status, good.revocation.source], ['good', 'ocsp'], 'the per-certificate OCSP answer is the freshest');
  assert.ok(good.revocation.checkedAt !== null);

  const { der } = await f.tokens.certificateDer(f.demo.tokenSerial, '电子印章');
  assert.equal(f.center.revoke(sha256Hex(der), 'keyCompromise'), true);
  await watch.refreshRevocation();
  const revoked = await statusOf('电子印章');
  assert.deepEqual([revoked.revocation.status, revoked.trust, revoked.failure?.problem], ['revoked', 'revoked', 'revoked']);
  rmSync(join(home, 'pki', 'center-crl.der'));
  const fromOcsp = await statusOf('电子印章');
  assert.deepEqual([fromOcsp.revocation.status, fromOcsp.revocation.source], ['revoked', 'ocsp'], 'OCSP alone knows it');
  assert.deepEqual([(await statusOf('个人证书')).revocation.status, (await statusOf('个人证书')).revocation.source], ['good', 'ocsp']);
  await watch.refreshRevocation();

  await f.center.close();
  await watch.refreshRevocation();
  assert.equal((await statusOf('电子印章')).revocation.status, 'revoked', 'the kept CRL answers while the center is unreachable');
  assert.equal((await watch.status(f.demo.tokenSerial)).revocationError, null, 'unreachable is not an error');
  assert.equal((await statusOf('电子印章')).revocation.stale, false);

  clock = new Date(Date.now() + 2 * DAY);
  const stale = await statusOf('电子印章');
  assert.deepEqual(
    [stale.revocation.status, stale.revocation.stale],
    ['revoked', true],
    'past its nextUpdate the kept CRL still answers, marked stale',
  );
  assert.equal((await statusOf('单位证书')).revocation.stale, true);
  clock = new Date();
});

test('a kept OCSP answer altered on disk is not believed: the CRL answers instead', async () => {
  const dir = join(home, 'pki', 'ocsp');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.der')))
    writeFileSync(join(dir, name), Buffer.from('not an OCSP response'));
  const status = await statusOf('个人证书');
  assert.deepEqual([status.revocation.status, status.revocation.source], ['good', 'crl']);
});
