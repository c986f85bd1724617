import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { sm2 } from 'sm-crypto-v2';
import { SM2_DEFAULT_ID, verifySm2 } from '../../../../electron/services/pki/index.ts';
import { createKeySigner, type RawSign } from '../../../../electron/services/token/signer.ts';
import type { Sm2Profile } from '../../../../electron/services/token/sm2-profile.ts';
import { sm2ProfileFor } from '../../../../electron/services/token/sm2-profile.ts';
import { tempDir } from '../../../support/temp.ts';

// SoftHSM2 has no SM2: a software key answers the token's raw calls the ways vendors' modules do.
const keys = sm2.generateKeyPairHex();
const SM2_KEY_TYPE = { family: 'SM2', display: 'SM2', bits: 256 } as const;
const SPKI_PREFIX = '3059301306072a8648ce3d020106082a811ccf5501822d034200';

function softwareModule(profile: Sm2Profile): RawSign {
  return async (mechanism, input) => {
    assert.equal(mechanism, 'SM2');
    const signature =
      profile.input === 'digest'
        ? sm2.doSignature(input, keys.privateKey, { hash: false, der: profile.output === 'der' })
        : sm2.doSignature(input, keys.privateKey, {
            hash: true,
            der: profile.output === 'der',
            publicKey: keys.publicKey,
            userId: SM2_DEFAULT_ID,
          });
    return Buffer.from(signature, 'hex');
  };
}

function opensslVerifies(message: Buffer, signature: Uint8Array, withId: boolean): boolean {
  const dir = tempDir('sm2');
  const pem = `-----BEGIN PUBLIC KEY-----\n${Buffer.from(SPKI_PREFIX + keys.publicKey, 'hex').toString('base64')}\n-----END PUBLIC KEY-----\n`;
  writeFileSync(join(dir, 'pub.pem'), pem);
  writeFileSync(join(dir, 'msg'), message);
  writeFileSync(join(dir, 'sig'), signature);
  const args = [
    'pkeyutl',
    '-verify',
    '-pubin',
    '-inkey',
    join(dir, 'pub.pem'),
    '-rawin',
    '-digest',
    'sm3',
    '-in',
    join(dir, 'msg'),
    '-sigfile',
    join(dir, 'sig'),
  ];
  const result = spawnSync('openssl', withId ? [...args, '-pkeyopt', `distid:${SM2_DEFAULT_ID}`] : args, { encoding: 'utf8' });
  return result.status === 0 && /Signature Verified Successfully/.test(result.stdout);
}

for (const profile of [
  { module: 'digest-raw', mechanism: '0x80008002', input: 'digest', output: 'raw' },
  { module: 'message-der', mechanism: '0x80008003', input: 'message', output: 'der' },
] as const) {
  test(`SM2 through a module that takes the ${profile.input} and returns ${profile.output}: openssl verifies with the default ID`, async () => {
    const signer = createKeySigner(SM2_KEY_TYPE, softwareModule(profile), { publicKeyHex: keys.publicKey, profile });
    assert.deepEqual(signer.algorithms, ['sm2-sm3']);
    const message = Buffer.from('电子政务资源中心 SM2 签名', 'utf8');
    const signature = await signer.sign(message, 'sm2-sm3');
    assert.equal(signature[0], 0x30, 'DER whatever the module returned');
    assert.equal(opensslVerifies(message, signature, true), true);
    assert.equal(opensslVerifies(message, signature, false), false, 'Z is computed with 1234567812345678, not an empty ID');
    assert.equal(verifySm2(keys.publicKey, message, signature), true);
    assert.equal(verifySm2(keys.publicKey, Buffer.from('tampered'), signature), false);
  });
}

test('the vendor table is data: a known module gets its own profile, an unknown one the default', () => {
  assert.equal(sm2ProfileFor('/opt/es/libes_3000gm.so').input, 'message');
  assert.equal(sm2ProfileFor('C:\\\\Windows\\\\System32\\\\mtoken_gm3000.dll').output, 'raw');
  assert.equal(sm2ProfileFor('/usr/lib/unknown.so').module, 'default');
  const noSm2 = createKeySigner(SM2_KEY_TYPE, softwareModule(sm2ProfileFor('x')));
  assert.deepEqual(noSm2.algorithms, [], 'without its public point an SM2 key offers nothing');
});
