import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AppError } from '../../../shared/errors.ts';
import { verifyDocument } from '../../../electron/services/seal/index.ts';
import { tempDir } from '../../support/temp.ts';
import { withObjectStreams, writeTestPdf } from '../../support/pdf.ts';

const dir = tempDir('fuzz');

/** A small deterministic generator, so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

function mutate(bytes: Buffer, next: () => number): Buffer {
  const copy = Buffer.from(bytes);
  const kind = Math.floor(next() * 4);
  if (kind === 0) return copy.subarray(0, Math.floor(next() * copy.length));
  const count = 1 + Math.floor(next() * 8);
  for (let i = 0; i < count; i++) {
    const at = Math.floor(next() * copy.length);
    if (kind === 1) copy[at] = Math.floor(next() * 256);
    else if (kind === 2) copy[at] = '0123456789 <>[]/()RobjXref'.charCodeAt(Math.floor(next() * 26));
    else copy.fill(0x20, at, Math.min(copy.length, at + 16));
  }
  return copy;
}

test('300 mutated PDFs: verification either reports or fails with a typed error, never crashes', async () => {
  const classic = join(dir, 'classic.pdf');
  const streams = join(dir, 'streams.pdf');
  writeTestPdf(classic, 3);
  withObjectStreams(classic, streams);
  const sources = [readFileSync(classic), readFileSync(streams)];
  const outcomes = { reported: 0, typed: 0 };
  for (let seed = 1; seed <= 300; seed++) {
    const next = random(seed);
    const path = join(dir, `m${seed}.pdf`);
    writeFileSync(path, mutate(sources[seed % 2] ?? Buffer.alloc(0), next));
    try {
      await verifyDocument(path, { trustedRoots: [], approvers: [] });
      outcomes.reported++;
    } catch (error) {
      assert.ok(error instanceof AppError, `seed ${seed}: ${String(error)}`);
      outcomes.typed++;
    }
  }
  assert.equal(outcomes.reported + outcomes.typed, 300);
});
