import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BlockDigests, fileBlocksSha256 } from '../../../../electron/services/upload-digest/index.ts';
import { UPLOAD_BLOCK_BYTES } from '../../../../shared/center/index.ts';

/** The digest as coreutils and OpenSSL make it: `split -b 8M`, each block's SHA-256, then the SHA-256 of those. */
function digestByTools(path: string, dir: string): string {
  execFileSync('split', ['-b', String(UPLOAD_BLOCK_BYTES), '-a', '4', path, join(dir, 'block-')]);
  const blocks = readdirSync(dir)
    .filter((name) => name.startsWith('block-'))
    .sort()
    .map((name) => execFileSync('openssl', ['dgst', '-sha256', '-binary', join(dir, name)]));
  const digestsFile = join(dir, 'digests');
  writeFileSync(digestsFile, Buffer.concat(blocks));
  return execFileSync('openssl', ['dgst', '-sha256', '-r', digestsFile], { encoding: 'utf8' }).split(' ')[0] ?? '';
}

for (const size of [1, 5_000, UPLOAD_BLOCK_BYTES, 2 * UPLOAD_BLOCK_BYTES + 12_345]) {
  test(`an envelope of ${size} bytes: the digest matches split + openssl, whether blocks are added whole, hashed in pieces or read from the file`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'sealdesk-blocks-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const bytes = randomBytes(size);
    const path = join(dir, 'envelope');
    writeFileSync(path, bytes);
    const expected = digestByTools(path, dir);

    const inPieces = new BlockDigests(size);
    for (let at = 0; at < size; at += 1_000_003) inPieces.update(bytes.subarray(at, at + 1_000_003), at);
    assert.equal(inPieces.digest(), expected);

    // As the client and the center do: each chunk's own digest (its Content-Digest) stands for its block.
    const asChunks = new BlockDigests(size);
    for (let at = 0; at < size; at += UPLOAD_BLOCK_BYTES) {
      const chunk = bytes.subarray(at, at + UPLOAD_BLOCK_BYTES);
      assert.equal(asChunks.addBlock(at, chunk.length, createHash('sha256').update(chunk).digest()), true);
    }
    assert.equal(asChunks.digest(), expected);

    assert.equal(await fileBlocksSha256(path, size), expected);
  });
}

test('a block digest out of place is refused, so the caller hashes those bytes itself', () => {
  const digests = new BlockDigests(11);
  assert.equal(digests.addBlock(5, 10, Buffer.alloc(32)), false, 'not where the next block starts');
  assert.equal(digests.addBlock(0, 10, Buffer.alloc(32)), false, 'shorter than a block, yet not the last');
  digests.update(Buffer.alloc(10), 0);
  assert.equal(digests.addBlock(10, 10, Buffer.alloc(32)), false, 'in the middle of a block');
  assert.throws(() => digests.update(Buffer.alloc(1), 20), RangeError, 'bytes must follow the ones before');
  assert.throws(() => digests.digest(), RangeError, 'fewer bytes than the envelope has');
});
