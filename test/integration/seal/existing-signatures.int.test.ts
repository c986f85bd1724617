import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { DocumentReportSchema } from '../../../shared/model/verification.ts';
import { runSealdesk } from '../../support/cli.ts';
import { approvingCliEnv, freshDemo } from '../../support/demo.ts';
import { pdfsig, qpdfCheck, writeFormWithSignatureFields, writeTestPdf, type DesignedField } from '../../support/pdf.ts';
import { redBounds, renderPage } from '../../support/raster.ts';
import { tempDir } from '../../support/temp.ts';

const dir = tempDir('existing-signatures');
const demoReady = freshDemo('existing-signatures');
let env: NodeJS.ProcessEnv = {};
let caPem = '';

before(async () => {
  ({ env, caPem } = await approvingCliEnv(demoReady, dir));
});

const at = (name: string): string => join(dir, name);
const sealdesk = (args: string[], extra: NodeJS.ProcessEnv = {}) => runSealdesk(args, { ...env, ...extra });
const sealAt = (input: string, output: string, x: string, y: string, ...more: string[]) =>
  sealdesk(['seal', input, '-o', output, '--seal', '电子印章', '--page', '1', '--x', x, '--y', y, ...more]);

test('a seal over the approval box already on the page is refused, in both languages, unless --allow-overlap', () => {
  writeTestPdf(at('letter.pdf'), 1);
  const approved = at('letter-approved.pdf');
  const approval = sealdesk(['approve', at('letter.pdf'), '-o', approved, '--cert', '个人证书', '--page', '1', '--x', '150', '--y', '240']);
  assert.equal(approval.code, 0, approval.stderr);

  // The approval box is 60 × 18 mm around (150, 240); a 42 mm seal at (150, 255) covers its lower half.
  const refused = sealAt(approved, at('covered.pdf'), '150', '255');
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /该位置会盖住第 1 页上已有的签名“张三”。.*--allow-overlap.*\[PLACEMENT_OVERLAPS_SIGNATURE\]/);
  assert.equal(existsSync(at('covered.pdf')), false, 'nothing is written');
  const english = sealdesk(['seal', approved, '-o', at('covered.pdf'), '--seal', '电子印章', '--page', '1', '--x', '150', '--y', '255'], {
    SEALDESK_LANG: 'en',
  });
  assert.match(english.stderr, /would cover the signature “张三” already on page 1/);

  // Beside it (touching its top edge: 240 - 9 - 21 = 210) is fine, and over it when the user says so.
  const beside = sealAt(approved, at('beside.pdf'), '150', '210');
  assert.equal(beside.code, 0, beside.stderr);
  const chosen = sealAt(approved, at('covered.pdf'), '150', '255', '--allow-overlap');
  assert.equal(chosen.code, 0, chosen.stderr);
  for (const output of [at('beside.pdf'), at('covered.pdf')])
    assert.deepEqual(pdfsig(output).validations, ['Signature is Valid.', 'Signature is Valid.']);
});

test('a second approval box over an earlier seal is refused as well', () => {
  const sealed = at('beside.pdf');
  const again = sealdesk(['approve', sealed, '-o', at('reapproved.pdf'), '--cert', '个人证书', '--page', '1', '--x', '150', '--y', '215']);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /已有的签名“示例市大数据管理局电子印章”/);
});

const FIELDS: DesignedField[] = [
  { name: 'Approver', page: 1, rect: [60, 100, 260, 160] },
  { name: 'UnitSeal', page: 2, rect: [380, 120, 520, 260] },
];

/** Annotations per page, as pikepdf reads them. */
function annotationCounts(path: string): number[] {
  const script = 'import sys, pikepdf\npdf = pikepdf.open(sys.argv[1])\nprint(*[len(p.obj.get("/Annots", [])) for p in pdf.pages])';
  return execFileSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' }).trim().split(' ').map(Number);
}

test('a form designer’s empty signature fields: approve and a final seal go into them, pdfsig names them, no widget is added', () => {
  const form = at('form.pdf');
  writeFormWithSignatureFields(form, 2, FIELDS);
  const missing = sealdesk(['approve', form, '-o', at('never.pdf'), '--cert', '个人证书', '--field', 'Signature1']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /文档中没有名为“Signature1”的空签名域。可用的空签名域：Approver, UnitSeal。/);
  assert.equal(existsSync(at('never.pdf')), false);

  const approved = at('form-approved.pdf');
  const approval = sealdesk(['approve', form, '-o', approved, '--cert', '个人证书', '--field', 'Approver']);
  assert.equal(approval.code, 0, approval.stderr);
  const filled = sealdesk(['approve', approved, '-o', at('never.pdf'), '--cert', '个人证书', '--field', 'Approver']);
  assert.match(filled.stderr, /没有名为“Approver”的空签名域。可用的空签名域：UnitSeal。/, 'a signed field is no longer offered');
  const sealed = at('form-sealed.pdf');
  const seal = sealdesk(['seal', approved, '-o', sealed, '--seal', '电子印章', '--field', 'UnitSeal', '--final']);
  assert.equal(seal.code, 0, seal.stderr);

  const validators = pdfsig(sealed, caPem);
  assert.deepEqual(
    [...validators.output.matchAll(/Signature Field Name: (.*)/g)].map((m) => m[1]),
    ['Approver', 'UnitSeal'],
  );
  assert.deepEqual(validators.validations, ['Signature is Valid.', 'Signature is Valid.']);
  assert.deepEqual(validators.certificates, ['Certificate is Trusted.', 'Certificate is Trusted.']);
  assert.ok(qpdfCheck(sealed).ok, qpdfCheck(sealed).output);
  assert.deepEqual(annotationCounts(sealed), annotationCounts(form), 'the fields’ own widgets, nothing added');

  const verify = sealdesk(['verify', sealed, '--json', '--trust', caPem]);
  assert.equal(verify.code, 0, verify.stdout);
  const report = DocumentReportSchema.parse(JSON.parse(verify.stdout));
  assert.equal(report.locked, true);
  assert.deepEqual(
    report.signatures.map((s) => [s.role, s.fieldName, s.widgets]),
    FIELDS.map((f, i) => [i === 0 ? 'approval' : 'seal', f.name, [{ pageIndex: f.page - 1, rect: f.rect }]]),
  );
  // The impression fills the field as poppler draws it (72 dpi: 1 px = 1 pt; y from the top).
  const red = redBounds(renderPage(sealed, 2));
  const [x1, y1, x2, y2] = FIELDS[1]!.rect;
  const top = 841.89 - y2;
  assert.ok(red.left >= x1 - 1 && red.right <= x2 + 1 && red.top >= top - 1 && red.bottom <= top + (y2 - y1) + 1, JSON.stringify(red));
  assert.ok(red.right - red.left > (x2 - x1) * 0.9, `the seal fills the field (${red.right - red.left} pt wide)`);
});
