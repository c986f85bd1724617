import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { digestFile, type ByteSpan, type SpanDigest } from '../../../../electron/services/pdf/index.ts';
import { digestOf, type HashName } from '../../../../electron/services/pki/index.ts';
import { tempDir } from '../../../support/temp.ts';

const dir = tempDir('digest-pass');
// Larger than the 1 MB read chunk, so that spans start and end inside chunks and across their edges.
const bytes = randomBytes(3 * 1024 * 1024 + 4321);
const file = join(dir, 'file.bin');
writeFileSync(file, bytes);

function expected(hash: HashName, spans: readonly ByteSpan[]): Buffer {
  return digestOf(hash, Buffer.concat(spans.map(([start, end]) => bytes.subarray(start, end))));
}

test('every signature digest from the one pass equals hashing its byte ranges on their own', async () => {
  const mb = 1024 * 1024;
  const requests: SpanDigest[] = [
    // Signatures as PDFs have them, the later ones covering the earlier: forked from one running hash.
    {
      hash: 'sha256',
      spans: [
        [0, mb - 10],
        [mb + 100, 2 * mb],
      ],
    },
    {
      hash: 'sha256',
      spans: [
        [0, 2 * mb + 7],
        [2 * mb + 50, bytes.length],
      ],
    },
    {
      hash: 'sha256',
      spans: [
        [0, mb],
        [mb + 1, mb + 2],
      ],
    },
    // Another hash, a range not starting at 0, an empty first range.
    {
      hash: 'sm3',
      spans: [
        [0, 12345],
        [20000, 3 * mb],
      ],
    },
    {
      hash: 'sha384',
      spans: [
        [5, 70000],
        [mb, mb + 3],
      ],
    },
    {
      hash: 'sha256',
      spans: [
        [0, 0],
        [10, 20],
      ],
    },
  ];
  const pass = await digestFile(file, bytes.length, requests, { whole: ['sha256', 'sm3'] });
  requests.forEach((request, i) => assert.deepEqual(pass.digests[i], expected(request.hash, request.spans), `request ${i}`));
  assert.deepEqual(pass.whole.get('sha256')?.digest(), digestOf('sha256', bytes));
  assert.deepEqual(pass.whole.get('sm3')?.digest(), digestOf('sm3', bytes));
});

test('progress reaches the whole file and a file shorter than stated is reported as changed', async () => {
  const seen: number[] = [];
  await digestFile(file, bytes.length, [], { onProgress: (f) => seen.push(f) });
  assert.equal(seen.at(-1), 1);
  await assert.rejects(digestFile(file, bytes.length + 10, []), { code: 'FILE_CHANGED' });
});
