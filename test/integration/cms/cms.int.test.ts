import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createDetachedSignature, readDetachedSignature } from '../../../electron/services/cms/index.ts';
import type { DemoEnvironment } from '../../../electron/services/demo/index.ts';
import { derFromPem, sha256Hex } from '../../../electron/services/pki/index.ts';
import { TokenService } from '../../../electron/services/token/index.ts';
import { freshDemo } from '../../support/demo.ts';
import { tempDir } from '../../support/temp.ts';

const provisioned = freshDemo('cms');
const dir = tempDir('cms-files');
const contentPath = join(dir, 'content.bin');
writeFileSync(contentPath, randomBytes(1024 * 1024));
const contentDigest = createHash('sha256').update(readFileSync(contentPath)).digest();
let demo: DemoEnvironment;
let tokens: TokenService;

before(async () => {
  demo = await provisioned;
  tokens = await TokenService.open(demo.modulePath);
  await tokens.login(demo.tokenSerial, demo.pin);
});
after(() => tokens.close());

function opensslVerify(signaturePath: string): { ok: boolean; output: string } {
  const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', signaturePath, '-content', contentPath];
  const result = spawnSync('openssl', [...args, '-CAfile', demo.caCertPath, '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
  return { ok: result.status === 0, output: result.stderr };
}

for (const label of ['单位证书', '电子印章']) {
  test(`a detached CAdES signature made on the token with the ${label} key verifies in openssl cms and in SealDesk`, async () => {
    const signer = await tokens.signerFor(demo.tokenSerial, label);
    const [caDer] = derFromPem(readFileSync(demo.caCertPath, 'utf8'));
    const cms = await createDetachedSignature(signer, { contentDigest, chain: caDer === undefined ? [] : [caDer] });
    const signaturePath = join(dir, `${signer.keyType.family}.p7s`);
    writeFileSync(signaturePath, cms);

    const verified = opensslVerify(signaturePath);
    assert.ok(verified.ok, verified.output);
    assert.match(verified.output, /Verification successful/);
    // OpenSSL does not check the ESS hash, so read it back from its dump and compare with the certificate.
    const dump = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', signaturePath]).toString();
    assert.match(dump, /id-smime-aa-signingCertificateV2/);
    const certHash = sha256Hex(signer.certificate);
    const essHash = /signingCertificateV2[\s\S]*?OCTET STRING\s+\[HEX DUMP\]:([0-9A-F]{64})/.exec(dump)?.[1];
    assert.equal(essHash?.toLowerCase(), certHash, 'the ESS certHash is the SHA-256 of the signer certificate');

    const check = readDetachedSignature(cms).check(contentDigest);
    assert.deepEqual([check.digestMatches, check.signatureValid, check.essCertificateMatches], [true, true, true]);
    assert.equal(sha256Hex(check.signerCertificate), certHash);
  });
}

test('a changed content fails in openssl and shows as a digest mismatch in SealDesk, the signature itself still valid', async () => {
  const signer = await tokens.signerFor(demo.tokenSerial, '个人证书');
  const cms = await createDetachedSignature(signer, { contentDigest, signingTime: new Date('2026-11-22T08:00:00Z') });
  const changed = createHash('sha256').update('something else').digest();
  const check = readDetachedSignature(cms).check(changed);
  assert.deepEqual([check.digestMatches, check.signatureValid, check.signingTime], [false, true, '2026-11-22T08:00:00.000Z']);
  const signaturePath = join(dir, 'personal.p7s');
  writeFileSync(signaturePath, cms);
  writeFileSync(contentPath, Buffer.concat([readFileSync(contentPath), Buffer.from('x')]));
  assert.equal(opensslVerify(signaturePath).ok, false);
});

test('bytes that are not CMS give SIGNATURE_INVALID, not a crash', () => {
  assert.throws(() => readDetachedSignature(new Uint8Array([1, 2, 3])).check(contentDigest), { code: 'SIGNATURE_INVALID' });
});
