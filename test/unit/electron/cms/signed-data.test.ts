import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readDetachedSignature } from '../../../../electron/services/cms/index.ts';
import { opensslCertificate } from '../../../support/openssl.ts';
import { tempDir } from '../../../support/temp.ts';

const dir = tempDir('cms-signed-data');
const content = join(dir, 'content.bin');
writeFileSync(content, randomBytes(100_000));
opensslCertificate(dir, 'ec', '/CN=Other tool');
const [key, certificate] = [join(dir, 'ec.key'), join(dir, 'ec.pem')];

/** A CAdES signature made by OpenSSL: streamed, it is BER with indefinite lengths, as some signing tools write. */
function opensslSignature(streamed: boolean): Uint8Array {
  const out = join(dir, streamed ? 'streamed.p7s' : 'plain.p7s');
  const args = [
    'cms',
    '-sign',
    '-binary',
    '-cades',
    '-md',
    'sha256',
    '-in',
    content,
    '-signer',
    certificate,
    '-inkey',
    key,
    '-outform',
    'DER',
    '-out',
    out,
  ];
  execFileSync('openssl', streamed ? [...args, '-stream'] : args);
  return readFileSync(out);
}

const digest = (bytes: Uint8Array): Buffer => createHash('sha256').update(bytes).digest();

for (const streamed of [false, true]) {
  test(`another tool's ${streamed ? 'streamed (BER)' : 'DER'} signature checks as valid, naming its signer`, () => {
    const signature = readDetachedSignature(opensslSignature(streamed));
    const check = signature.check(digest(readFileSync(content)));
    assert.equal(signature.hash, 'sha256');
    assert.deepEqual([check.digestMatches, check.signatureValid, check.essCertificateMatches], [true, true, true]);
    assert.ok(check.signingTime !== null && Math.abs(Date.parse(check.signingTime) - Date.now()) < 60_000);
    const pem = readFileSync(certificate, 'utf8').replace(/-----[A-Z ]+-----|\s/g, '');
    assert.equal(Buffer.from(check.signerCertificate).toString('base64'), pem);
  });
}

test('other content is a digest mismatch; a changed signature value no longer verifies', () => {
  const der = Buffer.from(opensslSignature(false));
  assert.equal(readDetachedSignature(der).check(digest(Buffer.from('other'))).digestMatches, false);
  // The last bytes are the signature value's (a SignerInfo without unsigned attributes ends with it).
  der.writeUInt8(der.readUInt8(der.length - 5) ^ 0xff, der.length - 5);
  const check = readDetachedSignature(der).check(digest(readFileSync(content)));
  assert.deepEqual([check.digestMatches, check.signatureValid], [true, false]);
});

test('bytes that are not a SignedData are SIGNATURE_INVALID', () => {
  assert.throws(() => readDetachedSignature(Buffer.from('%PDF-1.7 not a signature')), { code: 'SIGNATURE_INVALID' });
});
