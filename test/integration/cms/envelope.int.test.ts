import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, openSync, readFileSync, readSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { EnvelopeError, openEnvelope } from '../../../center/crypto/open-envelope.ts';
import { bufferContent, envelopeBytes, fileContent, sealingFor, type EnvelopeContent } from '../../../electron/services/cms/index.ts';
import { opensslCertificate } from '../../support/openssl.ts';
import { tempDir } from '../../support/temp.ts';

const dir = tempDir('envelope');
const recipient = opensslCertificate(dir, 'rsa', '/C=CN/O=示例市电子政务资源中心/CN=加密证书');
const keyPath = join(dir, 'rsa.key');
const certPath = join(dir, 'rsa.pem');

/** The envelope as the upload streams it, written to a file. */
async function encryptForRecipient(content: EnvelopeContent, output: string): Promise<{ size: number }> {
  const sealing = sealingFor(content, recipient);
  await pipeline(envelopeBytes(sealing, content, output), createWriteStream(output));
  return sealing;
}

function opensslDecrypt(envelope: string, out: string): { ok: boolean; stderr: string } {
  const args = ['cms', '-decrypt', '-binary', '-inform', 'DER', '-in', envelope, '-recip', certPath, '-inkey', keyPath, '-out', out];
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  return { ok: result.status === 0, stderr: result.stderr };
}

for (const size of [0, 100, 3 * 1024 * 1024 + 7]) {
  test(`a ${size}-byte file encrypted as AuthEnvelopedData opens with openssl cms -decrypt and with the center's reader`, async () => {
    const plain = join(dir, `plain-${size}`);
    writeFileSync(plain, randomBytes(size));
    const envelope = join(dir, `envelope-${size}.p7m`);
    const sealed = await encryptForRecipient(await fileContent(plain), envelope);
    assert.equal(sealed.size, readFileSync(envelope).length);
    const byOpenssl = opensslDecrypt(envelope, join(dir, `openssl-${size}`));
    assert.ok(byOpenssl.ok, byOpenssl.stderr);
    assert.deepEqual(readFileSync(join(dir, `openssl-${size}`)), readFileSync(plain));
    const asn1 = spawnSync('openssl', ['asn1parse', '-inform', 'DER', '-in', envelope], { encoding: 'utf8' }).stdout;
    assert.match(asn1, /id-smime-ct-authEnvelopedData/);
    assert.match(asn1, /aes-256-gcm/);
    assert.match(asn1, /rsaesOaep/);
    await openEnvelope(envelope, join(dir, `center-${size}`), createPrivateKey(readFileSync(keyPath)));
    assert.deepEqual(readFileSync(join(dir, `center-${size}`)), readFileSync(plain));
  });
}

test('one flipped ciphertext byte: openssl and the center refuse it, and the center leaves no plaintext behind', async () => {
  const plain = join(dir, 'plain-flip');
  writeFileSync(plain, randomBytes(200_000));
  const envelope = join(dir, 'flip.p7m');
  await encryptForRecipient(await fileContent(plain), envelope);
  const fd = openSync(envelope, 'r+');
  const byte = Buffer.alloc(1);
  readSync(fd, byte, 0, 1, 100_000);
  writeSync(fd, Buffer.from([(byte[0] ?? 0) ^ 1]), 0, 1, 100_000);
  closeSync(fd);
  assert.equal(opensslDecrypt(envelope, join(dir, 'flip-openssl')).ok, false);
  const out = join(dir, 'flip-center');
  await assert.rejects(openEnvelope(envelope, out, createPrivateKey(readFileSync(keyPath))), EnvelopeError);
  assert.equal(existsSync(out), false);
});

test('the envelope holds no plaintext: a recognisable text does not appear in it', async () => {
  const envelope = join(dir, 'secret.p7m');
  await encryptForRecipient(bufferContent(Buffer.from('示例市大数据管理局 机密 '.repeat(100))), envelope);
  assert.equal(readFileSync(envelope).includes(Buffer.from('示例市大数据管理局')), false);
});

test('an envelope written again from the same sealing is the same bytes; other content is refused, never encrypted under that key', async () => {
  const plain = join(dir, 'plain-again');
  writeFileSync(plain, randomBytes(2 * 1024 * 1024 + 3));
  const content = await fileContent(plain);
  const sealing = sealingFor(content, recipient);
  const written = async (): Promise<Buffer> => {
    const pieces: Buffer[] = [];
    for await (const piece of envelopeBytes(sealing, content, 'plain-again')) pieces.push(piece);
    return Buffer.concat(pieces);
  };
  const first = await written();
  assert.equal(first.length, sealing.size);
  assert.ok(first.equals(await written()));
  writeFileSync(plain, randomBytes(2 * 1024 * 1024 + 3));
  const changed = envelopeBytes(sealing, await fileContent(plain), 'plain-again');
  await assert.rejects(changed.next(), { code: 'FILE_CHANGED' });
});
