import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { signatureParts } from '../../../electron/services/cms/index.ts';
import type { LongTermEvidence } from '../../../electron/services/pdf/index.ts';
import { pemFromDer, sha256Hex } from '../../../electron/services/pki/index.ts';
import { createDemoCa } from '../../../electron/services/demo/index.ts';
import { SealDeskService } from '../../../electron/services/seal/index.ts';
import { JsonFileSettingsStore } from '../../../electron/services/settings/index.ts';
import { centerEvidence, enrol } from '../../../electron/services/sync/index.ts';
import type { CenterEnrolment } from '../../../shared/model/center-link.ts';
import { freshCenter, type CenterFixture } from '../../support/center.ts';
import { pdfsig, qpdfCheck, writeTestPdf } from '../../support/pdf.ts';
import { auditTrailIn } from '../../support/audit.ts';

const run = promisify(execFile);
const fixture = freshCenter('timestamps');
let f: CenterFixture;
let enrolment: CenterEnrolment;
let evidence: LongTermEvidence | undefined;
let desk: SealDeskService;

const at = (name: string): string => join(f.dir, name);
const placement = { page: 1, xMm: 120, yMm: 40 };

/** Approves and seals a one-page notice with whatever evidence is current; returns the sealed file. */
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
    evidence: async () => evidence,
    audit: auditTrailIn(at('desk'), () => f.tokens),
  });
  await desk.authoriseApprover({ serial: f.demo.tokenSerial, certificate: '个人证书' });
});

test('a seal made with the center reachable is B-T and B-LT: time-stamped, the CRL and certificates kept in the DSS; openssl ts -verify accepts the time-stamp', async () => {
  evidence = centerEvidence(enrolment);
  const started = Date.now();
  const sealed = await approveAndSeal('reachable');

  const report = await desk.verify(sealed);
  assert.equal(report.verdict, 'valid');
  for (const signature of report.signatures) {
    assert.equal(signature.level, 'B-LT');
    const { revocationEvidence, ...trust } = signature.trust;
    assert.deepEqual(trust, { status: 'trusted', revocation: 'good', failure: null, legacyAlgorithm: null });
    assert.deepEqual([revocationEvidence?.source, revocationEvidence?.inDss], ['crl', true], 'the CRL the DSS keeps');
    assert.equal(signature.timestamp?.intact, true);
    assert.equal(signature.timestamp?.trust, 'trusted');
    assert.equal(signature.timestamp?.authorityName, '资源中心 时间戳服务');
    const stamped = Date.parse(signature.timestamp?.time ?? '');
    assert.ok(stamped >= started - 2000 && stamped <= Date.now() + 2000, signature.timestamp?.time ?? '');
  }
  assert.deepEqual(pdfsig(sealed).validations, ['Signature is Valid.', 'Signature is Valid.']);
  assert.equal(qpdfCheck(sealed).ok, true);
  // The DSS update after each signature counts as validation data, not as a change to the document.
  assert.deepEqual(
    report.signatures.flatMap((s) => s.laterChanges.map((c) => c.kind)).filter((kind) => kind !== 'signature-added'),
    Array(3).fill('validation-data-added'),
  );

  // OpenSSL's own RFC 3161 verifier: the token is for this signature value and chains to the center's CA.
  const dump = spawnSync('pdfsig', ['-dump', sealed], { cwd: f.dir });
  assert.equal(dump.status, 0);
  const cms = readFileSync(join(f.dir, 'reachable-sealed.pdf.sig1'));
  const { timestampToken, signatureImprint } = signatureParts(cms);
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
  evidence = centerEvidence({ ...enrolment, url: 'http://127.0.0.1:9' }, 2000);
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
  evidence = centerEvidence({ ...enrolment, caCertificates: [Buffer.from(stranger.certificate.rawData).toString('base64')] });
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

test('a seal certificate revoked at the center cannot seal any more: CERT_REVOKED, nothing written', async () => {
  evidence = centerEvidence(enrolment);
  writeTestPdf(at('after-revocation.pdf'), 1);
  const ref = { serial: f.demo.tokenSerial };
  const approved = at('after-revocation-approved.pdf');
  await desk.approve({
    ...ref,
    certificate: '个人证书',
    input: at('after-revocation.pdf'),
    output: approved,
    overwrite: false,
    visible: null,
  });
  const { der } = await f.tokens.certificateDer(f.demo.tokenSerial, '电子印章');
  assert.equal(f.center.revoke(sha256Hex(der), 'keyCompromise'), true);
  const sealed = at('after-revocation-sealed.pdf');
  await assert.rejects(
    desk.seal({
      ...ref,
      certificate: '电子印章',
      input: approved,
      output: sealed,
      overwrite: false,
      placement,
      crossPage: false,
      final: false,
    }),
    (error: { code?: string }) => error.code === 'CERT_REVOKED',
  );
  assert.equal(existsSync(sealed), false);
});

test('the center answers OCSP for the certificates its CA issued: openssl ocsp verifies the response and reads good and revoked', async () => {
  const write = async (selector: string): Promise<string> => {
    const path = at(`${selector}.pem`);
    writeFileSync(path, pemFromDer((await f.tokens.certificateDer(f.demo.tokenSerial, selector)).der));
    return path;
  };
  const [personal, seal] = [await write('个人证书'), await write('电子印章')];
  // Asynchronously: the center answering it runs in this process.
  const asked = await run('openssl', [
    'ocsp',
    '-issuer',
    f.demo.caCertPath,
    '-cert',
    personal,
    '-cert',
    seal,
    '-url',
    `${f.url}/v1/ocsp`,
    '-CAfile',
    f.demo.caCertPath,
  ]);
  assert.match(asked.stderr, /Response verify OK/, asked.stderr + asked.stdout);
  assert.match(asked.stdout, new RegExp(`${personal}: good`));
  assert.match(asked.stdout, new RegExp(`${seal}: revoked`));
});
