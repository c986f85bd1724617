import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { changesAfter } from '../../../../electron/services/pdf/changes.ts';
import { PdfDocument } from '../../../../electron/services/pdf/document.ts';
import { documentEndChanges, endsRevision } from '../../../../electron/services/pdf/revision-ends.ts';
import type { Change } from '../../../../shared/model/verification.ts';
import { appendUpdate, streamObject, writeTestPdf, type UpdateSpec } from '../../../support/pdf.ts';
import { tempDir } from '../../../support/temp.ts';

const dir = tempDir('changes');
let serial = 0;

/**
 * A two-page document with a text field on page 1 (object 8), then `update` appended: what changed after the first
 * revision. Page 1 may list more annotations (`annotations`), e.g. one not defined yet.
 */
function changesOf(update: (path: string) => UpdateSpec | void, annotations = '8 0 R'): { changes: Change[]; end: Change[] } {
  const path = join(dir, `doc-${++serial}.pdf`);
  writeTestPdf(path, 2);
  appendUpdate(path, {
    objects: {
      1: '<< /Type /Catalog /Pages 2 0 R /AcroForm 7 0 R >>',
      3: `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R /Annots [${annotations}] >>`,
      7: '<< /Fields [8 0 R] >>',
      8: '<< /Type /Annot /Subtype /Widget /FT /Tx /T (amount) /V (100) /Rect [72 600 300 630] /P 3 0 R >>',
    },
  });
  const signedEnd = statSync(path).size;
  const spec = update(path);
  if (spec) appendUpdate(path, spec);
  const document = PdfDocument.open(path);
  try {
    return { changes: changesAfter(document, signedEnd), end: documentEndChanges(document) };
  } finally {
    document.close();
  }
}

const summary = (changes: Change[]) => changes.map((c) => [c.kind, c.what, c.pageIndex]);

test('filling in a field is form filling, on its page; adding a plain annotation is an annotation change', () => {
  const filled = changesOf(() => ({
    objects: { 8: '<< /Type /Annot /Subtype /Widget /FT /Tx /T (amount) /V (999) /AS /N /Rect [72 600 300 630] /P 3 0 R >>' },
  }));
  assert.deepEqual(summary(filled.changes), [['form-filled', 'form-field', 0]]);
  const renamed = changesOf(() => ({
    objects: { 8: '<< /Type /Annot /Subtype /Widget /FT /Tx /T (total) /V (100) /Rect [72 600 300 630] /P 3 0 R >>' },
  }));
  assert.deepEqual(summary(renamed.changes), [['modified', 'form-field', 0]], 'renaming a field is not filling it');
  const annotated = changesOf(() => ({
    objects: {
      3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R /Annots [8 0 R 20 0 R] >>',
      20: '<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents (note) >>',
    },
  }));
  assert.deepEqual(summary(annotated.changes), [['annotation-changed', 'annotation', 0]]);
  const linked = changesOf(() => ({
    objects: {
      3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R /Annots [8 0 R 20 0 R] >>',
      20: '<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /JavaScript /JS (app.alert(1)) >> >>',
    },
  }));
  assert.deepEqual(summary(linked.changes), [['modified', 'annotation', 0]], 'an annotation that acts is not a plain one');
});

test('a trailer that swaps /Root or /Info, page 2 content, and an object put under a number already counted are modifications', () => {
  const root = changesOf(() => ({ objects: { 20: '<< /Type /Catalog /Pages 2 0 R >>' }, trailer: { Root: '20 0 R' } }));
  assert.deepEqual(summary(root.changes), [['modified', 'catalog-replaced', null]]);
  const info = changesOf(() => ({ objects: { 20: '<< /Title (x) >>' }, trailer: { Info: '20 0 R' } }));
  assert.deepEqual(summary(info.changes), [['modified', 'document-info', null]]);
  const content = changesOf(() => ({ objects: { 6: streamObject('BT ET') } }));
  assert.deepEqual(summary(content.changes), [['modified', 'page-content', 1]]);
  const slot = changesOf((path) => {
    appendUpdate(path, { objects: { 30: '<< /Unused true >>' } });
    return { objects: { 25: '<< /Filled true >>' } };
  });
  assert.deepEqual(
    summary(slot.changes),
    [
      ['modified', 'object-added', null],
      ['unreferenced-added', 'object-unreferenced', null],
    ],
    'number 25 was below /Size 31: a dangling reference could name it; 30, which nothing names, is listed as such',
  );
});

test('an object the signed revision named before defining it counts when an update defines it; one nothing names is listed as such', () => {
  const note = '<< /Type /Annot /Subtype /FreeText /Rect [0 0 200 40] /Contents (Paid) /DA (/Helv 12 Tf 0 g) >>';
  const filled = changesOf(() => ({ objects: { 40: note } }), '8 0 R 40 0 R');
  assert.deepEqual(summary(filled.changes), [['modified', 'object-added', 0]]);
  const orphan = changesOf(() => ({ objects: { 40: note } }));
  assert.deepEqual(
    summary(orphan.changes),
    [['unreferenced-added', 'object-unreferenced', null]],
    'it shows nowhere, yet pdfsig says the document is no longer wholly signed: the certification level decides',
  );
  const added = changesOf(() => ({
    objects: {
      3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R /Annots [8 0 R 40 0 R] >>',
      40: note,
    },
  }));
  assert.deepEqual(summary(added.changes), [['annotation-changed', 'annotation', 0]], 'an annotation the update itself lists');
});

test('an object written again under another generation is one the earlier references no longer find', () => {
  const page = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R /Annots [8 0 R] >>';
  const regenerated = changesOf(() => ({ objects: { 3: page }, generations: { 3: 1 } }));
  assert.deepEqual(summary(regenerated.changes), [['modified', 'object-deleted', 0]]);
});

test('validation data added to the catalog, then updated in place, stays validation data', () => {
  const dss = changesOf((path) => {
    appendUpdate(path, {
      objects: { 1: '<< /Type /Catalog /Pages 2 0 R /AcroForm 7 0 R /DSS 20 0 R >>', 20: '<< /Type /DSS /Certs [] >>' },
    });
    return { objects: { 20: '<< /Type /DSS /Certs [] /CRLs [] >>' } };
  });
  assert.deepEqual(
    dss.changes.map((c) => c.kind),
    ['validation-data-added', 'validation-data-added'],
  );
});

test('the end of the file: nothing after %%EOF is fine; appended bytes, a cut-off update and a cut %%EOF are each named', () => {
  assert.deepEqual(changesOf(() => undefined).end, []);
  const appended = changesOf((path) => appendFileSync(path, '4 0 obj\n<< >>\nendobj\n'));
  assert.deepEqual(summary(appended.end), [['modified', 'data-after-end', null]]);
  const cutSignature = changesOf((path) => appendFileSync(path, '20 0 obj\n<< /Type /Sig /ByteRange [0 1'));
  assert.deepEqual(summary(cutSignature.end), [['modified', 'signature-cut-off', null]]);
  const cutEof = changesOf((path) => truncateSync(path, readFileSync(path).length - 4));
  assert.deepEqual(summary(cutEof.end), [['modified', 'truncated', null]]);
  const unchained = changesOf(() => ({ objects: { 4: streamObject('BT ET') }, trailer: { Prev: null } }));
  assert.deepEqual(summary(unchained.end), [['modified', 'data-after-end', null]], 'an update without /Prev is not read');
  const copied = changesOf((path) => {
    const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(readFileSync(path).toString('latin1'))?.[1];
    appendFileSync(path, `4 0 obj\n<< >>\nendobj\nstartxref\n${startxref}\n%%EOF\n`);
  });
  assert.deepEqual(summary(copied.end), [['modified', 'data-after-end', null]], "the signed revision's startxref copied after new bytes");
});

test("a revision ends right after a startxref naming one of the file's sections and its %%EOF, nowhere else", () => {
  const path = join(dir, 'revisions.pdf');
  writeTestPdf(path, 1);
  const firstEnd = statSync(path).size;
  appendUpdate(path, { objects: { 4: streamObject('BT ET') } });
  const secondEnd = statSync(path).size;
  const document = PdfDocument.open(path);
  try {
    assert.equal(endsRevision(document, firstEnd), true);
    assert.equal(endsRevision(document, secondEnd), true);
    assert.equal(endsRevision(document, firstEnd - 10), false, "inside the first revision's trailer");
    assert.equal(endsRevision(document, firstEnd + 20), false, 'inside the update');
  } finally {
    document.close();
  }
});
