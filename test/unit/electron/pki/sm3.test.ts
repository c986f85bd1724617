import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createContentHash, digestOf } from '../../../../electron/services/pki/index.ts';
import { tempDir } from '../../../support/temp.ts';

const dir = tempDir('sm3');

function opensslSm3(data: Uint8Array): string {
  const path = join(dir, 'data.bin');
  writeFileSync(path, data);
  return execFileSync('openssl', ['dgst', '-sm3', '-r', path], { encoding: 'utf8' }).split(' ')[0] ?? '';
}

test('SM3 fed in pieces equals openssl dgst -sm3, across every padding boundary', () => {
  assert.equal(digestOf('sm3', Buffer.from('abc')).toString('hex'), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  for (const size of [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1_000_003]) {
    const data = randomBytes(size);
    const hash = createContentHash('sm3');
    for (let at = 0; at < size; at += 777) hash.update(data.subarray(at, at + 777));
    const copy = hash.copy();
    const expected = opensslSm3(data);
    assert.equal(hash.digest().toString('hex'), expected, `${size} bytes`);
    assert.equal(
      copy.update(Buffer.from('x')).digest().toString('hex'),
      opensslSm3(Buffer.concat([data, Buffer.from('x')])),
      'a copy goes on alone',
    );
  }
});
