import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { saveCopy } from '../../../../electron/services/files/index.ts';
import { writeTestPdf } from '../../../support/pdf.ts';
import { tempDir } from '../../../support/temp.ts';

const dir = tempDir('save-copy');

test('另存为 copies the PDF whole under the new name, refuses a taken name unless told to replace it, and leaves no temp file', async () => {
  const from = join(dir, '通知-已盖章.pdf');
  const to = join(dir, '通知（对外）.pdf');
  writeTestPdf(from, 2);
  await saveCopy(from, to, false);
  assert.deepEqual(readFileSync(to), readFileSync(from));

  writeFileSync(to, 'older');
  await assert.rejects(saveCopy(from, to, false), { code: 'OUTPUT_EXISTS' });
  assert.equal(readFileSync(to, 'utf8'), 'older', 'nothing replaced before the user says so');
  await saveCopy(from, to, true);
  assert.deepEqual(readFileSync(to), readFileSync(from));
  assert.deepEqual(readdirSync(dir).sort(), ['通知-已盖章.pdf', '通知（对外）.pdf']);
});

test('only a PDF, and only to a .pdf name', async () => {
  writeFileSync(join(dir, 'notes.txt'), 'not a PDF');
  await assert.rejects(saveCopy(join(dir, 'notes.txt'), join(dir, 'notes.pdf'), false), { code: 'PDF_NOT_PDF' });
  writeTestPdf(join(dir, 'a.pdf'), 1);
  await assert.rejects(saveCopy(join(dir, 'a.pdf'), join(dir, 'a.sh'), false), { code: 'PDF_NOT_PDF' });
});
