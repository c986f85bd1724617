import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pdfsig, writeTestPdf } from '../../support/pdf.ts';
import { useSealDesk } from '../../support/seal-desk.ts';

// The copy and the hash read the original separately; a change in between must not give a broken seal.
const fixture = useSealDesk('original-changed');

test('another program appends to the document while it is sealed: FILE_CHANGED, no output, no temp file; the changed file needs a new approval, which then seals and verifies', async () => {
  const { work, demo, desk } = fixture;
  const original = join(work, '通知.pdf');
  writeTestPdf(original, 2, 6 * 1024 * 1024);
  const approved = join(work, '通知-已签发.pdf');
  const ref = { serial: demo.tokenSerial, overwrite: false };
  await desk.approve({ ...ref, certificate: '个人证书', input: original, output: approved, visible: null });
  const sealed = join(work, '通知-已盖章.pdf');
  const job = {
    ...ref,
    certificate: '电子印章',
    input: approved,
    output: sealed,
    placement: { page: 1, xMm: 60, yMm: 40 },
    crossPage: false,
  };
  const filesBefore = readdirSync(work).sort();

  let editedAt: number | null = null;
  const editMidway = (fraction: number): void => {
    if (editedAt === null && fraction > 0.3) {
      editedAt = fraction;
      appendFileSync(approved, '%% appended by another program\n');
    }
  };
  await assert.rejects(desk.seal({ ...job, final: false, onProgress: editMidway }), { code: 'FILE_CHANGED' });
  assert.ok(editedAt !== null && editedAt < 1, 'the file changed during the pass over it');
  assert.equal(existsSync(sealed), false);
  assert.deepEqual(readdirSync(work).sort(), filesBefore, 'no temp file is left behind');

  // What the other program appended follows the approval: the approval no longer covers the file.
  await assert.rejects(desk.seal({ ...job, final: true }), { code: 'NOT_APPROVED' });
  const approvedAgain = join(work, '通知-再次签发.pdf');
  await desk.approve({ ...ref, certificate: '个人证书', input: original, output: approvedAgain, visible: null });
  await desk.seal({ ...job, input: approvedAgain, final: true });
  assert.deepEqual(pdfsig(sealed).validations, ['Signature is Valid.', 'Signature is Valid.']);
});
