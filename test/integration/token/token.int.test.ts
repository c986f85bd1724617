import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { verifyWithCertificate } from '../../../electron/services/pki/index.ts';
import { TokenService } from '../../../electron/services/token/index.ts';
import type { Token } from '../../../shared/model/token.ts';
import { freshDemo } from '../../support/demo.ts';
import { tempDir } from '../../support/temp.ts';
import type { DemoEnvironment } from '../../../electron/services/demo/index.ts';

const provisioned = freshDemo('token');
let demo: DemoEnvironment;
let tokens: TokenService;

before(async () => {
  demo = await provisioned;
  tokens = await TokenService.open(demo.modulePath);
});
after(() => tokens.close());

function waitForTokens(predicate: (list: Token[]) => boolean, timeoutMs: number): Promise<Token[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching tokens.changed within ${timeoutMs} ms`)), timeoutMs);
    const off = tokens.onTokensChanged((list) => {
      if (!predicate(list)) return;
      clearTimeout(timer);
      off();
      resolve(list);
    });
  });
}

test('lists the demo token and its unit, personal and seal certificates with the private keys on the token', async () => {
  const [token] = await tokens.tokens();
  assert.equal(token?.label, demo.tokenLabel);
  assert.equal(token?.manufacturer, 'SoftHSM project');
  const listing = await tokens.certificates(demo.tokenSerial);
  const byLabel = new Map(listing.certificates.map((c) => [c.label, c]));
  assert.equal(byLabel.get('单位证书')?.kind, 'unit');
  assert.equal(byLabel.get('单位证书')?.keyType.display, 'RSA 2048');
  assert.equal(byLabel.get('个人证书')?.kind, 'personal');
  assert.equal(byLabel.get('电子印章')?.kind, 'seal');
  assert.equal(byLabel.get('电子印章')?.hasPrivateKey, true);
  assert.equal(byLabel.get('演示 CA')?.hasPrivateKey, false);
  assert.equal(byLabel.get('单位证书')?.chain[0]?.subject.commonName, '示例市电子政务资源中心 演示 CA');
});

test('the demo certificates verify against the demo CA with openssl verify', async () => {
  const dir = tempDir('verify');
  for (const label of ['单位证书', '个人证书', '电子印章']) {
    const { der } = await tokens.certificateDer(demo.tokenSerial, label);
    const leaf = join(dir, 'leaf.der');
    writeFileSync(leaf, der);
    execFileSync('openssl', ['x509', '-inform', 'DER', '-in', leaf, '-out', join(dir, 'leaf.pem')]);
    const out = execFileSync('openssl', ['verify', '-CAfile', demo.caCertPath, join(dir, 'leaf.pem')]).toString();
    assert.match(out, /: OK/);
  }
});

test('a wrong PIN is refused with PIN_INCORRECT and the right one logs in', async () => {
  await assert.rejects(tokens.login(demo.tokenSerial, '000000'), { code: 'PIN_INCORRECT' });
  await assert.rejects(tokens.testSignature(demo.tokenSerial, '个人证书'), { code: 'TOKEN_NOT_LOGGED_IN' });
  const token = await tokens.login(demo.tokenSerial, demo.pin);
  assert.equal(token.loggedIn, true);
});

test('test signatures with RSA and ECDSA keys on the token verify against their certificates', async () => {
  const rsa = await tokens.testSignature(demo.tokenSerial, '单位证书');
  assert.deepEqual([rsa.algorithm, rsa.verified, rsa.signatureBytes], ['rsa-pkcs1-sha256', true, 256]);
  const unit = await tokens.signerFor(demo.tokenSerial, '单位证书');
  const pss = await unit.sign(Buffer.from('challenge'), 'rsa-pss-sha256');
  assert.equal(verifyWithCertificate(unit.certificate, 'rsa-pss-sha256', Buffer.from('challenge'), pss), true);
  const ec = await tokens.testSignature(demo.tokenSerial, '电子印章');
  assert.deepEqual([ec.algorithm, ec.verified], ['ecdsa-p256-sha256', true]);
  await assert.rejects(tokens.testSignature(demo.tokenSerial, '演示 CA'), { code: 'KEY_NOT_FOUND' });
  await assert.rejects(tokens.testSignature(demo.tokenSerial, 'ffff'), { code: 'CERT_NOT_FOUND' });
  const loggedOut = await tokens.logout(demo.tokenSerial);
  assert.equal(loggedOut.loggedIn, false);
});

test('a certificate object that does not parse is listed as unreadable, the rest still shown', async () => {
  await tokens.login(demo.tokenSerial, demo.pin);
  await tokens.importCertificate(demo.tokenSerial, {
    label: '损坏的证书',
    idHex: '99',
    der: new Uint8Array([0x30, 0x01, 0x00]),
    subjectDer: new Uint8Array([0x30, 0x00]),
  });
  await tokens.logout(demo.tokenSerial);
  const listing = await tokens.certificates(demo.tokenSerial);
  assert.deepEqual(
    listing.unreadable.map((u) => [u.label, u.error.code]),
    [['损坏的证书', 'CERT_PARSE_FAILED']],
  );
  assert.equal(listing.certificates.length, 4);
});

test('a signer kept across logout and a new login still signs, and its signatures verify (the key handle is looked up again)', async () => {
  await tokens.login(demo.tokenSerial, demo.pin);
  const unit = await tokens.signerFor(demo.tokenSerial, '单位证书');
  const seal = await tokens.signerFor(demo.tokenSerial, '电子印章');
  const signsAndVerifies = async (signer: typeof unit, algorithm: (typeof unit.algorithms)[number], data: string) =>
    verifyWithCertificate(signer.certificate, algorithm, Buffer.from(data), await signer.sign(Buffer.from(data), algorithm));
  assert.equal(await signsAndVerifies(unit, 'rsa-pkcs1-sha256', 'first login'), true);
  assert.equal(await signsAndVerifies(seal, 'ecdsa-p256-sha256', 'first login'), true);
  await tokens.logout(demo.tokenSerial);
  await assert.rejects(unit.sign(Buffer.from('logged out'), 'rsa-pkcs1-sha256'), { code: 'TOKEN_NOT_LOGGED_IN' });
  // SoftHSM2 drops a private object's handle at logout and gives it a new one when it is found again:
  // a handle kept from the first login would fail here with CKR_KEY_HANDLE_INVALID or sign with another key.
  await tokens.login(demo.tokenSerial, demo.pin);
  assert.equal(await signsAndVerifies(seal, 'ecdsa-p256-sha256', 'second login'), true);
  assert.equal(await signsAndVerifies(unit, 'rsa-pkcs1-sha256', 'second login'), true);
  await tokens.logout(demo.tokenSerial);
});

test('a token created and then deleted while running shows up and goes away within 2 s', async () => {
  const tokenDir = join(demo.dir, 'tokens');
  const before = new Set(readdirSync(tokenDir));
  const appeared = waitForTokens((list) => list.some((t) => t.label === 'hotplug'), 2000);
  // softhsm2-util is how an administrator creates a SoftHSM2 token; this PIN belongs to a throwaway token.
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'hotplug', '--so-pin', '87654321', '--pin', '4321'], {
    stdio: 'ignore',
  });
  await appeared;
  const added = readdirSync(tokenDir).filter((d) => !before.has(d));
  const gone = waitForTokens((list) => !list.some((t) => t.label === 'hotplug'), 2000);
  for (const dir of added) rmSync(join(tokenDir, dir), { recursive: true });
  const list = await gone;
  assert.ok(list.some((t) => t.label === demo.tokenLabel));
});

test('a token pulled mid-session: TOKEN_REMOVED (not a device failure), no longer listed, never a crash; back, it is listed again', async () => {
  await tokens.login(demo.tokenSerial, demo.pin);
  const tokenDir = join(demo.dir, 'tokens');
  const backup = tempDir('pulled');
  execFileSync('cp', ['-a', tokenDir, backup]);
  rmSync(tokenDir, { recursive: true });
  // SoftHSM2 keeps the slot listed and its session open, answers CKR_GENERAL_ERROR for the token's
  // information and finds no objects any more: the token has gone, as a real USBKey's CKR_DEVICE_REMOVED says.
  await assert.rejects(tokens.testSignature(demo.tokenSerial, '电子印章'), { code: 'TOKEN_REMOVED' });
  assert.deepEqual(
    (await tokens.tokens()).map((t) => t.serial),
    [],
    'the list goes on without it',
  );
  await assert.rejects(tokens.login(demo.tokenSerial, demo.pin), { code: 'TOKEN_REMOVED' });
  await assert.rejects(tokens.certificateDer(demo.tokenSerial, '电子印章'), { code: 'TOKEN_REMOVED' });
  execFileSync('cp', ['-a', join(backup, 'tokens'), demo.dir]);
  const deadline = Date.now() + 2000;
  let listed = false;
  while (!listed && Date.now() < deadline) {
    listed = await tokens.tokens().then(
      (list) => list.some((t) => t.serial === demo.tokenSerial),
      () => false,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.ok(listed, 'the restored token is listed again');
});

test('a module path that is not a PKCS#11 library gives MODULE_INVALID; a missing one MODULE_NOT_FOUND', async () => {
  const dir = tempDir('module');
  const fake = join(dir, 'libfake.so');
  writeFileSync(fake, 'not a shared object');
  await assert.rejects(TokenService.open(fake), { code: 'MODULE_INVALID' });
  await assert.rejects(TokenService.open(join(dir, 'missing.so')), { code: 'MODULE_NOT_FOUND' });
  await assert.rejects(TokenService.open('/usr/lib/x86_64-linux-gnu/libz.so.1'), { code: 'MODULE_INVALID' });
});
