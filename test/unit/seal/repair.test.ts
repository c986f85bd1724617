// 修复 names its copy as the other steps do (原名-已修复.pdf, never -2) and never replaces a file unasked.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repairDocument } from '../../../electron/services/seal/index.ts';
import { sha256File, writeTestPdf } from '../../support/pdf.ts';
import { tempDir } from '../../support/temp.ts';

/** A one-page PDF whose cross-reference table's first rows are blanked: readable only by scanning. */
function damagedPdf(path: string): void {
  writeTestPdf(path, 1);
  const bytes = readFileSync(path);
  const startxref = Number(/startxref\s+(\d+)/.exec(bytes.subarray(-64).toString('latin1'))?.[1]);
  writeFileSync(path, Buffer.concat([bytes.subarray(0, startxref), Buffer.alloc(40, 0x20), bytes.subarray(startxref + 40)]));
}

test('a repaired copy is 原名-已修复.pdf; repairing again is refused naming it, and replaces it only when told to', async () => {
  const dir = tempDir('repair');
  const damaged = join(dir, '请示.pdf');
  damagedPdf(damaged);
  const original = sha256File(damaged);
  const repaired = join(dir, '请示-已修复.pdf');
  assert.equal(await repairDocument(damaged), repaired);
  await assert.rejects(repairDocument(damaged), { code: 'OUTPUT_EXISTS', params: { path: repaired } });
  writeFileSync(repaired, 'kept until the user says otherwise');
  await assert.rejects(repairDocument(damaged), { code: 'OUTPUT_EXISTS' });
  assert.equal(readFileSync(repaired, 'utf8'), 'kept until the user says otherwise');
  assert.equal(await repairDocument(damaged, undefined, true), repaired);
  assert.equal(readFileSync(repaired).subarray(0, 5).toString('latin1'), '%PDF-');
  assert.equal(sha256File(damaged), original, 'the damaged original is never written to');
});
