import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { sha256File, writeTestPdf } from '../../support/pdf.ts';
import { useSealDesk } from '../../support/seal-desk.ts';

// Sealing checks the document in the same pass that copies and hashes it, so a refusal comes after
// the copy has begun: it must still leave nothing behind.
const fixture = useSealDesk('seal-refusals');

function sealJob(input: string, output: string) {
  const { demo } = fixture;
  return {
    serial: demo.tokenSerial,
    overwrite: false,
    certificate: '电子印章',
    input,
    output,
    placement: { page: 1, xMm: 60, yMm: 40 },
    crossPage: false,
    final: false,
  };
}

async function assertRefused(input: string, code: string): Promise<void> {
  const { work, desk } = fixture;
  const before = { files: readdirSync(work).sort(), digest: sha256File(input) };
  const output = join(work, 'sealed.pdf');
  await assert.rejects(desk.seal(sealJob(input, output)), { code });
  assert.equal(existsSync(output), false);
  assert.deepEqual(readdirSync(work).sort(), before.files, 'no temp file is left behind');
  assert.equal(sha256File(input), before.digest, 'the original is untouched');
}

test('a document nobody approved is refused (NOT_APPROVED), with no output and no temp file', async () => {
  const unapproved = join(fixture.work, '未签发.pdf');
  writeTestPdf(unapproved, 1, 3 * 1024 * 1024);
  await assertRefused(unapproved, 'NOT_APPROVED');
});

test('a document changed inside what its approval signed is refused (PDF_SIGNATURE_BROKEN)', async () => {
  const { work, demo, desk } = fixture;
  const original = join(work, '通知.pdf');
  writeTestPdf(original, 1, 3 * 1024 * 1024);
  const approved = join(work, '通知-已签发.pdf');
  await desk.approve({
    serial: demo.tokenSerial,
    overwrite: false,
    certificate: '个人证书',
    input: original,
    output: approved,
    visible: null,
  });
  const tampered = join(work, '通知-被改动.pdf');
  // Same length, same cross-reference offsets: only the signed digest can tell.
  writeFileSync(tampered, Buffer.from(readFileSync(approved, 'latin1').replace('(Page 1)', '(Page 9)'), 'latin1'));
  await assertRefused(tampered, 'PDF_SIGNATURE_BROKEN');

  await desk.seal(sealJob(approved, join(work, '通知-已盖章.pdf')));
  const report = await desk.verify(join(work, '通知-已盖章.pdf'));
  assert.equal(report.verdict, 'valid');
  assert.deepEqual(
    report.signatures.map((s) => [s.role, s.integrity.intact]),
    [
      ['approval', true],
      ['seal', true],
    ],
  );
});
