import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { verifyDocument } from '../../../electron/services/seal/index.ts';
import { TokenService } from '../../../electron/services/token/index.ts';
import type { DocumentReport } from '../../../shared/model/verification.ts';
import { certify as certifyWith } from '../../support/certify.ts';
import { freshDemo } from '../../support/demo.ts';
import { appendUpdate, currentObject, streamObject, writeTestPdf } from '../../support/pdf.ts';
import { tempDir } from '../../support/temp.ts';

const dir = tempDir('certification-levels');
const demoReady = freshDemo('certification-levels');
const at = (name: string): string => join(dir, name);
let tokens: TokenService | undefined;

// Trust is beside the point here: what may change after the certification is.
const NO_TRUST = { trustedRoots: [], approvers: [] };

async function certify(input: string, output: string, permission: 1 | 3): Promise<void> {
  await certifyWith(tokens as TokenService, (await demoReady).tokenSerial, input, output, permission);
}

before(async () => {
  const demo = await demoReady;
  tokens = await TokenService.open(demo.modulePath);
  await tokens.login(demo.tokenSerial, demo.pin);
  writeTestPdf(at('form.pdf'), 1);
  appendUpdate(at('form.pdf'), {
    objects: {
      1: '<< /Type /Catalog /Pages 2 0 R /AcroForm 5 0 R >>',
      3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R /Annots [6 0 R] >>',
      5: '<< /Fields [6 0 R] >>',
      6: '<< /Type /Annot /Subtype /Widget /FT /Tx /T (amount) /V (100) /Rect [72 600 300 630] /P 3 0 R >>',
    },
  });
  await certify(at('form.pdf'), at('p1.pdf'), 1);
  await certify(at('form.pdf'), at('p3.pdf'), 3);
});

after(() => tokens?.close());

const CHANGES: Record<string, (path: string) => void> = {
  annotation: (path) =>
    appendUpdate(path, {
      objects: {
        3: currentObject(path, 3).replace('/Annots [', '/Annots [500 0 R '),
        500: '<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents (checked) >>',
      },
    }),
  'form-filled': (path) =>
    appendUpdate(path, {
      objects: { 6: '<< /Type /Annot /Subtype /Widget /FT /Tx /T (amount) /V (100000) /Rect [72 600 300 630] /P 3 0 R >>' },
    }),
  'page-content': (path) => appendUpdate(path, { objects: { 4: streamObject('BT /F1 24 Tf 72 760 Td (Pay) Tj ET') } }),
};

async function verifyChanged(source: string, change: string): Promise<DocumentReport> {
  const path = at(`${change}-${source}`);
  copyFileSync(at(source), path);
  CHANGES[change]?.(path);
  return verifyDocument(path, NO_TRUST);
}

test('certified with P=3: annotations and form filling are permitted, a content change is not', async () => {
  const unchanged = await verifyDocument(at('p3.pdf'), NO_TRUST);
  assert.deepEqual(
    unchanged.signatures.map((s) => [s.permission, s.integrity.intact, unchanged.verdict]),
    [['certify-3', true, 'valid']],
  );
  const expected: Record<string, [boolean, string]> = {
    annotation: [true, 'valid'],
    'form-filled': [true, 'valid'],
    'page-content': [false, 'modified'],
  };
  for (const [change, [permitted, verdict]] of Object.entries(expected)) {
    const report = await verifyChanged('p3.pdf', change);
    assert.equal(report.signatures[0]?.changesPermitted, permitted, change);
    assert.equal(report.verdict, verdict, change);
  }
});

test('certified with P=1: nothing may change, not even a form field or an annotation', async () => {
  for (const change of Object.keys(CHANGES)) {
    const report = await verifyChanged('p1.pdf', change);
    assert.equal(report.signatures[0]?.permission, 'certify-1', change);
    assert.equal(report.signatures[0]?.changesPermitted, false, change);
    assert.equal(report.verdict, 'modified', change);
    assert.equal(report.locked, true, 'P=1 locks the document, and the report says the lock is broken');
  }
});
