import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { checkDetachedSignature, type Timestamper } from '../../../electron/services/cms/index.ts';
import { createDemoCa } from '../../../electron/services/demo/index.ts';
import { SealDeskService } from '../../../electron/services/seal/index.ts';
import { JsonFileSettingsStore } from '../../../electron/services/settings/index.ts';
import { centerTimestamper, enrol } from '../../../electron/services/sync/index.ts';
import type { CenterEnrolment } from '../../../shared/model/center-link.ts';
import { freshCenter, type CenterFixture } from '../../support/center.ts';
import { pdfsig, writeTestPdf } from '../../support/pdf.ts';

const fixture = freshCenter('timestamps');
let f: CenterFixture;
let enrolment: CenterEnrolment;
let timestamper: Timestamper | undefined;
let desk: SealDeskService;

const at = (name: string): string => join(f.dir, name);
const placement = { page: 1, xMm: 120, yMm: 40 };

/** Approves and seals a one-page notice with whatever time-stamper is current; returns the sealed file. */
async function approveAndSeal(name: string): Promise<string> {
  writeTestPdf(at(`${name}.pdf`), 1);
  const ref = { serial: f.demo.tokenSerial };
  await desk.approve({
    ...ref,
    certificate: '个人证书',
    input: at(`${name}.pdf`),
    output: at(`${name}-approved.pdf`),
    overwrite: false,
    visible: null,
  });
  const sealed = at(`${name}-sealed.pdf`);
  await desk.seal({
    ...ref,
    certificate: '电子印章',
    input: at(`${name}-approved.pdf`),
    output: sealed,
    overwrite: false,
    placement,
    crossPage: false,
    final: false,
  });
  return sealed;
}

before(async () => {
  f = await fixture;
  enrolment = await enrol({ url: f.url, code: f.enrolmentCode, signer: f.unit, trustedRoots: f.trustedRoots });
  desk = new SealDeskService({
    dataDir: at('desk'),
    settings: new JsonFileSettingsStore(at('desk/settings.json')),
    tokens: () => f.tokens,
    extraRootFiles: [f.demo.caCertPath],
    demoImpressions: true,
    timestamper: () => timestamper,
  });
  await desk.authoriseApprover({ serial: f.demo.tokenSerial, certificate: '个人证书' });
});

test('a seal made with the center reachable is B-T and verifies as such; openssl ts -verify accepts its time-stamp', async () => {
  timestamper = centerTimestamper(enrolment);
  const started = Date.now();
  const sealed = await approveAndSeal('reachable');

  const report = await desk.verify(sealed);
  assert.equal(report.verdict, 'valid');
  for (const signature of report.signatures) {
    assert.equal(signature.level, 'B-T');
    assert.equal(signature.timestamp?.intact, true);
    assert.equal(signature.timestamp?.trust, 'trusted');
    assert.equal(signature.timestamp?.authorityName, '资源中心 时间戳服务');
    const stamped = Date.parse(signature.timestamp?.time ?? '');
    assert.ok(stamped >= started - 2000 && stamped <= Date.now() + 2000, signature.timestamp?.time ?? '');
  }
  assert.deepEqual(pdfsig(sealed).validations, ['Signature is Valid.', 'Signature is Valid.']);

  // OpenSSL's own RFC 3161 verifier: the token is for this signature value and chains to the center's CA.
  const dump = spawnSync('pdfsig', ['-dump', sealed], { cwd: f.dir });
  assert.equal(dump.status, 0);
  const cms = readFileSync(join(f.dir, 'reachable-sealed.pdf.sig1'));
  const { timestampToken, signatureImprint } = checkDetachedSignature(cms, new Uint8Array(32));
  assert.ok(timestampToken);
  writeFileSync(at('seal.tst'), timestampToken);
  const verified = spawnSync(
    'openssl',
    [
      'ts',
      '-verify',
      '-token_in',
      '-in',
      at('seal.tst'),
      '-digest',
      Buffer.from(signatureImprint).toString('hex'),
      '-CAfile',
      f.demo.caCertPath,
    ],
    { encoding: 'utf8' },
  );
  assert.match(verified.stdout, /Verification: OK/, verified.stderr);
});

test('with the center unreachable the seal is still made, at B-B, and the report says there is no time-stamp', async () => {
  timestamper = centerTimestamper({ ...enrolment, url: 'http://127.0.0.1:9' }, 2000);
  const report = await desk.verify(await approveAndSeal('offline'));
  assert.equal(report.verdict, 'valid');
  assert.deepEqual(
    report.signatures.map((s) => [s.level, s.timestamp]),
    [
      ['B-B', null],
      ['B-B', null],
    ],
  );
});

test('a time-stamp from an authority outside the CA pinned at enrolment is refused and nothing is written', async () => {
  const stranger = await createDemoCa('C=CN, CN=Stranger CA');
  timestamper = centerTimestamper({ ...enrolment, caCertificates: [Buffer.from(stranger.certificate.rawData).toString('base64')] });
  writeTestPdf(at('stranger.pdf'), 1);
  await assert.rejects(
    desk.approve({
      serial: f.demo.tokenSerial,
      certificate: '个人证书',
      input: at('stranger.pdf'),
      output: at('stranger-approved.pdf'),
      overwrite: false,
      visible: null,
    }),
    (error: { code?: string }) => error.code === 'TIMESTAMP_INVALID',
  );
  assert.equal(existsSync(at('stranger-approved.pdf')), false);
});
