import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AppError, type ErrorCode } from '../../../../shared/errors.ts';
import { allPages, pageAt, pageCount, pageTreeCycle, PdfDocument, rewriteDocument } from '../../../../electron/services/pdf/index.ts';
import { tempDir } from '../../../support/temp.ts';
import { appendUpdate, streamObject, writeTestPdf } from '../../../support/pdf.ts';

const dir = tempDir('xref');

/** 150 pages make 302 objects: a classic table of about 6 KB, past the first 4 KB window. */
function largeTable(name: string): { path: string; bytes: Buffer; startxref: number } {
  const path = join(dir, name);
  writeTestPdf(path, 150);
  const bytes = readFileSync(path);
  const startxref = Number(/startxref\s+(\d+)/.exec(bytes.subarray(-64).toString('latin1'))?.[1]);
  assert.ok(bytes.length - startxref > 4096, 'the table and trailer are longer than 4 KB');
  return { path, bytes, startxref };
}

function withStartxref(bytes: Buffer, startxref: number): Buffer {
  const text = bytes.toString('latin1');
  return Buffer.from(text.replace(/startxref\s+\d+(\s+%%EOF\s*)$/, `startxref\n${startxref}$1`), 'latin1');
}

function open<T>(path: string, read: (document: PdfDocument) => T): T {
  const document = PdfDocument.open(path);
  try {
    return read(document);
  } finally {
    document.close();
  }
}

function failure(read: () => unknown): ErrorCode | 'none' {
  try {
    read();
    return 'none';
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    return error.code;
  }
}

test('a classic cross-reference table longer than 4 KB is read whole: every page is found, nothing is repaired', () => {
  const { path } = largeTable('large.pdf');
  open(path, (document) => {
    assert.equal(document.repair, null);
    assert.equal(pageCount(document), 150);
    assert.equal(pageAt(document, 149).ref.num, 2 + 149 * 2 + 1);
    assert.equal(document.nextObjectNumber, 303);
  });
});

test('a startxref a few bytes off, either way, finds the section next to it (as qpdf, pdfsig, mutool and pdf.js do)', () => {
  const { bytes, startxref } = largeTable('off.pdf');
  for (const delta of [-3, 2, 7]) {
    const path = join(dir, `off${delta}.pdf`);
    writeFileSync(path, withStartxref(bytes, startxref + delta));
    open(path, (document) => {
      assert.equal(document.repair, 'startxref-corrected', `off by ${delta}`);
      assert.equal(document.startxref, startxref, 'an update appended later points at the real section');
      assert.equal(pageCount(document), 150);
    });
  }
});

test('a cross-reference that is unusable is rebuilt by scanning for objects', () => {
  const { bytes, startxref } = largeTable('rebuilt.pdf');
  const cases: [string, Buffer][] = [
    ['startxref past the end', withStartxref(bytes, bytes.length + 5000)],
    ['startxref far inside the body', withStartxref(bytes, 9000)],
    [
      'table overwritten',
      Buffer.concat([bytes.subarray(0, startxref), Buffer.from('garbage'.repeat(40)), bytes.subarray(startxref + 280)]),
    ],
    [
      'entries shifted',
      Buffer.from(
        bytes.toString('latin1').replace(/(\d{10}) 00000 n/g, (_, o: string) => `${String(Number(o) + 3).padStart(10, '0')} 00000 n`),
        'latin1',
      ),
    ],
  ];
  for (const [label, content] of cases) {
    const path = join(dir, 'case.pdf');
    writeFileSync(path, content);
    open(path, (document) => {
      assert.equal(document.repair, 'xref-rebuilt', label);
      assert.equal(pageCount(document), 150, label);
      assert.equal(pageAt(document, 149).ref.num, 301, label);
    });
  }
});

test('bad input: each its own typed error, never a hang', () => {
  const write = (name: string, content: string | Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const small = join(dir, 'small.pdf');
  writeTestPdf(small, 2);
  const text = readFileSync(small).toString('latin1');
  const edit = (name: string, from: string | RegExp, to: string): string => write(name, Buffer.from(text.replace(from, to), 'latin1'));
  const sameLength = (from: string, to: string): string => to.padEnd(from.length, ' ');
  const pages = (path: string) => () => open(path, (document) => pageAt(document, pageCount(document) - 1));

  assert.equal(
    failure(() => PdfDocument.open(write('empty.pdf', ''))),
    'PDF_EMPTY',
  );
  assert.equal(
    failure(() => PdfDocument.open(write('letter.pdf', 'Dear colleague'))),
    'PDF_NOT_PDF',
  );
  assert.equal(
    failure(() => PdfDocument.open(write('cut.pdf', text.slice(0, text.length / 2)))),
    'PDF_TRUNCATED',
  );
  assert.equal(
    failure(pages(edit('zero.pdf', '/Kids [3 0 R 5 0 R] /Count 2', sameLength('/Kids [3 0 R 5 0 R] /Count 2', '/Kids [] /Count 0')))),
    'PDF_NO_PAGES',
  );
  assert.equal(failure(pages(edit('tree.pdf', '/Count 2', '/Count 7'))), 'PDF_PAGE_TREE_INVALID');
  assert.equal(failure(pages(edit('cycle.pdf', '/Kids [3 0 R 5 0 R]', '/Kids [2 0 R 5 0 R]'))), 'PDF_REFERENCE_CYCLE');
  assert.equal(failure(pages(edit('self-length.pdf', '<< /Length 37 >>\nstream', '<</Length 4 0 R>>stream'))), 'none');
  const huge = edit('huge.pdf', /<< \/Length \d+ >>\nstream/, '<< /Length 99999999999999 >>\nstream');
  assert.equal(failure(pages(huge)), 'none', 'a wrong length is read past, as readers do, when endstream follows');
  assert.deepEqual(
    open(huge, (document) => [document.repair, document.damage[0]]),
    ['xref-rebuilt', { kind: 'length-past-end', object: 4, length: 99999999999999 }],
    'the rebuild names the length that shifted the table',
  );
  const outside = edit('outside.pdf', /startxref\s+\d+/, 'startxref\n99999999');
  assert.deepEqual(
    open(outside, (document) => [document.repair, document.damage]),
    ['xref-rebuilt', [{ kind: 'xref-outside-file', offset: 99999999, size: readFileSync(outside).length }]],
  );
  assert.equal(
    failure(() => open(join(dir, 'cycle.pdf'), allPages)),
    'PDF_REFERENCE_CYCLE',
    'every page at once meets the cycle too',
  );
  assert.deepEqual(open(join(dir, 'cycle.pdf'), pageTreeCycle), { kind: 'page-tree-cycle', object: 2 });
  assert.equal(open(small, pageTreeCycle), null);
  const endless = Buffer.from(`${text.slice(0, text.indexOf('endstream'))}`, 'latin1');
  assert.equal(
    failure(() => PdfDocument.open(write('endless.pdf', endless))),
    'PDF_TRUNCATED',
  );
});

test('a rebuilt file rewritten by repair opens soundly with the same pages, and qpdf agrees', async () => {
  const { bytes, startxref } = largeTable('to-repair.pdf');
  const damaged = join(dir, 'damaged.pdf');
  writeFileSync(damaged, Buffer.concat([bytes.subarray(0, startxref), Buffer.alloc(300, 0x20), bytes.subarray(startxref + 300)]));
  const repaired = join(dir, 'repaired.pdf');
  const document = PdfDocument.open(damaged);
  try {
    assert.equal(document.repair, 'xref-rebuilt');
    await rewriteDocument(document, repaired);
  } finally {
    document.close();
  }
  open(repaired, (document) => {
    assert.equal(document.repair, null);
    assert.equal(pageCount(document), 150);
    assert.equal(pageAt(document, 149).ref.num, 301);
  });
  assert.equal(spawnSync('qpdf', ['--check', repaired]).status, 0, 'qpdf finds nothing wrong');
});

test('a section that lists one object twice at different places is not trusted: its update is read as not chained', () => {
  const path = join(dir, 'twice.pdf');
  writeTestPdf(path, 1);
  appendUpdate(path, { twice: [4, streamObject('BT (first) Tj ET'), streamObject('BT (second) Tj ET')] });
  assert.notEqual(
    open(path, (document) => document.sections.length),
    2,
    'readers differ on which row wins',
  );
  const same = join(dir, 'twice-same.pdf');
  writeTestPdf(same, 1);
  const bytes = readFileSync(same).toString('latin1');
  // The same row twice (overlapping subsections, as some writers make them) is harmless.
  writeFileSync(same, Buffer.from(bytes.replace(/(trailer)/, '1 1\n0000000015 00000 n\r\n$1'), 'latin1'));
  assert.equal(
    open(same, (document) => document.repair),
    null,
  );
});
