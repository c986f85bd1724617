import 'reflect-metadata';
import assert from 'node:assert/strict';
import * as x509 from '@peculiar/x509';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import {
  generateRenewalKey,
  installRenewedCertificate,
  removeReplacedKey,
  type RenewalKey,
} from '../../../electron/services/certs/index.ts';
import { buildCertificateRequest, pemFromDer } from '../../../electron/services/pki/index.ts';
import { SealDeskService } from '../../../electron/services/seal/index.ts';
import { JsonFileSettingsStore } from '../../../electron/services/settings/index.ts';
import { freshCenter, type CenterFixture } from '../../support/center.ts';
import { pdfsig, writeTestPdf } from '../../support/pdf.ts';
import { listTokenObjects, objectsWithId } from '../../support/pkcs11-tool.ts';
import { tempDir } from '../../support/temp.ts';
import { auditTrailIn } from '../../support/audit.ts';

// Renewal on the demo token (SoftHSM2) with the reference center's CA issuing from the token-made request.
const fixture = freshCenter('renewal');
const dir = tempDir('renewal-files');
let f: CenterFixture;
let renewal: RenewalKey;

before(async () => {
  f = await fixture;
});

const listObjects = (): string => listTokenObjects(f.demo);

test('the new key pair is generated on the token, sensitive and never extractable; its request verifies in openssl', async () => {
  renewal = await generateRenewalKey(f.tokens, f.demo.tokenSerial, '电子印章');
  const objects = objectsWithId(listObjects(), renewal.keyId);
  const privateKey = objects.find((o) => o.startsWith('Private Key Object'));
  assert.ok(privateKey, 'a private key under the new id');
  assert.match(privateKey, /Access:.*\bsensitive\b.*never extractable/);
  assert.ok(objects.some((o) => o.startsWith('Public Key Object')));
  assert.ok(!objects.some((o) => o.startsWith('Certificate Object')), 'no certificate until the center issues one');

  writeFileSync(join(dir, 'request.der'), renewal.csr);
  const verified = spawnSync(
    'openssl',
    ['req', '-verify', '-inform', 'DER', '-in', join(dir, 'request.der'), '-noout', '-subject', '-nameopt', 'utf8'],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(verified.status, 0, verified.stderr);
  assert.match(verified.stdout + verified.stderr, /verify OK/i);
  assert.match(verified.stdout, /电子印章/);
});

test('a certificate that is not for the new key, or of another type, is refused and nothing is written', async () => {
  const unitRequest = (await generateRenewalKey(f.tokens, f.demo.tokenSerial, '单位证书')).csr;
  const forOtherKey = await f.center.issueForRequest(unitRequest, 'seal');
  const before = listObjects();
  await assert.rejects(installRenewedCertificate(f.tokens, renewal, forOtherKey, f.trustedRoots), { code: 'ISSUED_CERT_MISMATCH' });
  const wrongType = await f.center.issueForRequest(renewal.csr, 'personal');
  await assert.rejects(installRenewedCertificate(f.tokens, renewal, wrongType, f.trustedRoots), { code: 'ISSUED_CERT_WRONG_TYPE' });
  await assert.rejects(installRenewedCertificate(f.tokens, renewal, await f.center.issueForRequest(renewal.csr, 'seal'), []), {
    code: 'ISSUED_CERT_UNTRUSTED',
  });
  assert.equal(listObjects(), before);
});

test('the issued certificate verifies against the CA, is written under the new key’s id, and seals; the old one goes on confirmation', async () => {
  const issued = await f.center.issueForRequest(renewal.csr, 'seal');
  const caPath = join(dir, 'ca.pem');
  writeFileSync(caPath, pemFromDer(f.trustedRoots[0] ?? new Uint8Array()));
  writeFileSync(join(dir, 'issued.pem'), pemFromDer(issued));
  assert.match(execFileSync('openssl', ['verify', '-CAfile', caPath, join(dir, 'issued.pem')], { encoding: 'utf8' }), /OK/);

  const installed = await installRenewedCertificate(f.tokens, renewal, issued, f.trustedRoots);
  assert.deepEqual([installed.label, installed.objectId, installed.hasPrivateKey], ['电子印章', renewal.keyId, true]);
  const objects = objectsWithId(listObjects(), renewal.keyId).map((o) => o.split(';')[0]);
  assert.deepEqual(objects.sort(), ['Certificate Object', 'Private Key Object', 'Public Key Object']);

  const settings = new JsonFileSettingsStore(join(dir, 'settings.json'));
  const desk = new SealDeskService({
    dataDir: dir,
    settings,
    tokens: () => f.tokens,
    extraRootFiles: [caPath],
    demoImpressions: true,
    audit: auditTrailIn(dir, () => f.tokens),
  });
  await desk.authoriseApprover({ serial: f.demo.tokenSerial, certificate: '个人证书' });
  const input = join(dir, 'notice.pdf');
  writeTestPdf(input, 1);
  const ref = { serial: f.demo.tokenSerial, overwrite: false };
  await desk.approve({ ...ref, certificate: '个人证书', input, output: join(dir, 'approved.pdf'), visible: null });
  const placement = { page: 'last' as const, xMm: 150, yMm: 240 };
  await desk.seal({
    ...ref,
    certificate: '电子印章',
    input: join(dir, 'approved.pdf'),
    output: join(dir, 'sealed.pdf'),
    placement,
    crossPage: false,
    final: false,
  });
  assert.equal((await desk.verify(join(dir, 'sealed.pdf'))).verdict, 'valid');
  assert.deepEqual(pdfsig(join(dir, 'sealed.pdf')).validations, ['Signature is Valid.', 'Signature is Valid.']);

  const old = renewal.replaces.fingerprint;
  assert.equal((await f.tokens.certificateDer(f.demo.tokenSerial, old)).certificate.label, '电子印章（旧）');
  await removeReplacedKey(f.tokens, f.demo.tokenSerial, old);
  await assert.rejects(f.tokens.certificateDer(f.demo.tokenSerial, old), { code: 'CERT_NOT_FOUND' });
});

test('a device certificate renews the same way and stays a device certificate', async () => {
  const serial = f.demo.tokenSerial;
  const subjectDer = new Uint8Array(new x509.Name('C=CN, O=示例市大数据管理局, CN=办公室前置机').toArrayBuffer());
  const spki = await f.tokens.generateKeyPair(serial, { kind: 'EC', curve: 'P-256', label: '设备证书', idHex: '0d' });
  const keyType = { family: 'EC', display: 'EC P-256', bits: 256 } as const;
  const csr = await buildCertificateRequest(subjectDer, spki, f.tokens.keySigner(serial, '0d', keyType));
  await f.tokens.importCertificate(serial, {
    label: '设备证书',
    idHex: '0d',
    der: await f.center.issueForRequest(csr, 'device'),
    subjectDer,
  });

  const device = await generateRenewalKey(f.tokens, serial, '设备证书');
  assert.equal(device.replaces.kind, 'device');
  const installed = await installRenewedCertificate(f.tokens, device, await f.center.issueForRequest(device.csr, 'device'), f.trustedRoots);
  assert.deepEqual([installed.label, installed.kind, installed.objectId], ['设备证书', 'device', device.keyId]);
  assert.equal((await f.tokens.certificateDer(serial, device.replaces.fingerprint)).certificate.label, '设备证书（旧）');
});
