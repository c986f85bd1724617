import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { DocumentReportSchema, type Change, type DocumentReport } from '../../../shared/model/verification.ts';
import { runSealdesk } from '../../support/cli.ts';
import { demoCliEnv, freshDemo } from '../../support/demo.ts';
import { appendUpdate, currentObject, pdfsig, streamObject, writeTestPdf, type UpdateSpec } from '../../support/pdf.ts';
import { tempDir } from '../../support/temp.ts';

// The attacks published against PDF signatures, each made here as a file: incremental saving attacks,
// signature wrapping and universal signature forgery (Mladenov et al., "1 Trillion Dollar Refund",
// CCS 2019) and the shadow attacks hide, replace and hide-and-replace (Mainka et al., NDSS 2021).
// Each is applied after the final seal (DocMDP lock: everything is a forbidden change) and after the
// approval alone (DocMDP P=2: only signatures and form filling are permitted).

const dir = tempDir('attacks');
const demoReady = freshDemo('attacks');
let env: NodeJS.ProcessEnv = {};
let caPem = '';
const at = (name: string): string => join(dir, name);
const sealdesk = (args: string[]) => runSealdesk(args, env);

/**
 * Page 1's content: text, text hidden under the cover, the cover, and an XObject the document names but does not
 * define yet (object DANGLING): viewers draw nothing there until an update defines it.
 */
const PAGE_1_CONTENT =
  'BT /F1 24 Tf 72 760 Td (Page 1) Tj ET BT /F1 24 Tf 72 700 Td (Hidden: pay 1,000,000) Tj ET q 1 0 0 1 60 690 cm /Cover Do Q ' +
  'q 1 0 0 1 60 500 cm /Shadow Do Q';
/** Past every /Size these files reach before the attacks, below the attacks' own new objects (NEXT). */
const DANGLING = 99;

/**
 * The document as its author prepares it before approval: a text field on page 1, a font and a white
 * cover (a form XObject) as objects of their own, text hidden under the cover, and an unlisted second
 * definition of page 1's content stream: the shadow content the shadow attacks later reveal.
 */
function writePreparedDocument(path: string): void {
  writeTestPdf(path, 2);
  const content = PAGE_1_CONTENT;
  appendUpdate(path, {
    unlisted: `4 0 obj\n${streamObject('BT /F1 24 Tf 72 760 Td (Shadow: pay 1,000,000) Tj ET')}\nendobj\n`,
    objects: {
      1: '<< /Type /Catalog /Pages 2 0 R /AcroForm 7 0 R >>',
      3:
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R /Annots [8 0 R] ' +
        `/Resources << /Font << /F1 10 0 R >> /XObject << /Cover 9 0 R /Shadow ${DANGLING} 0 R >> >> >>`,
      4: streamObject(content),
      7: '<< /Fields [8 0 R] /DA (/Helv 0 Tf 0 g) >>',
      8: '<< /Type /Annot /Subtype /Widget /FT /Tx /T (amount) /V (100) /Rect [72 600 300 630] /P 3 0 R /F 4 /DA (/F1 12 Tf 0 g) >>',
      9: streamObject('1 1 1 rg 0 0 400 40 re f', '/Type /XObject /Subtype /Form /BBox [0 0 400 40] '),
      10: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    },
  });
}

/** The newest signature dictionary: its object number and its body (between `N 0 obj` and `endobj`). */
function lastSignatureObject(path: string): { num: number; text: string } {
  const file = readFileSync(path).toString('latin1');
  const byteRange = file.lastIndexOf('/ByteRange');
  const header = file.lastIndexOf(' 0 obj', byteRange);
  const num = Number(/(\d+)$/.exec(file.slice(header - 12, header))?.[1]);
  return { num, text: file.slice(header + ' 0 obj'.length, file.indexOf('endobj', byteRange)).trim() };
}

const NEXT = 500; // object numbers past every /Size in these files
const PAY = streamObject('BT /F1 24 Tf 72 760 Td (Pay 1,000,000) Tj ET');

/** Filling in the field: a new value and a new appearance (a new object), nothing else. */
function fillForm(path: string): UpdateSpec {
  const field = currentObject(path, 8).replace('/V (100)', '/V (100000)');
  return {
    objects: {
      8: field.replace(/>>$/, `/AP << /N ${NEXT} 0 R >> >>`),
      [NEXT]: streamObject('BT /F1 12 Tf 2 8 Td (100000) Tj ET', '/Type /XObject /Subtype /Form /BBox [0 0 228 30] '),
    },
  };
}

type Attack = { name: string; make: (path: string) => void; what: Change['what'][] };

const shadowOffset = (path: string): number => {
  const file = readFileSync(path).toString('latin1');
  return file.lastIndexOf('4 0 obj', file.indexOf('Shadow: pay'));
};

const ATTACKS: Attack[] = [
  {
    name: 'isa-page-content',
    make: (p) => appendUpdate(p, { objects: { 4: streamObject('BT /F1 24 Tf 72 760 Td (Pay 1,000,000) Tj ET') } }),
    what: ['page-content'],
  },
  {
    name: 'isa-new-root',
    make: (p) =>
      appendUpdate(p, {
        objects: {
          [NEXT]: `<< /Type /Catalog /Pages ${NEXT + 1} 0 R >>`,
          [NEXT + 1]: `<< /Type /Pages /Kids [${NEXT + 2} 0 R] /Count 1 >>`,
          [NEXT + 2]: `<< /Type /Page /Parent ${NEXT + 1} 0 R /MediaBox [0 0 595.28 841.89] /Contents ${NEXT + 3} 0 R >>`,
          [NEXT + 3]: streamObject('BT /Helvetica 24 Tf 72 760 Td (Forged page) Tj ET'),
        },
        trailer: { Root: `${NEXT} 0 R` },
      }),
    what: ['catalog-replaced'],
  },
  {
    name: 'isa-new-info',
    make: (p) => appendUpdate(p, { objects: { [NEXT]: '<< /Title (Refund approved) >>' }, trailer: { Info: `${NEXT} 0 R` } }),
    what: ['document-info'],
  },
  {
    name: 'isa-page-added',
    make: (p) =>
      appendUpdate(p, {
        objects: {
          2: `<< /Type /Pages /Kids [3 0 R 5 0 R ${NEXT} 0 R] /Count 3 >>`,
          [NEXT]: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R >>',
        },
      }),
    what: ['page-tree'],
  },
  {
    name: 'isa-annotation',
    make: (p) =>
      appendUpdate(p, {
        objects: {
          3: currentObject(p, 3).replace('/Annots [', `/Annots [${NEXT} 0 R `),
          [NEXT]: '<< /Type /Annot /Subtype /FreeText /Rect [60 690 460 730] /Contents (Paid in full) /DA (/F1 24 Tf 0 g) >>',
        },
      }),
    what: ['annotation'],
  },
  {
    name: 'isa-javascript',
    make: (p) =>
      appendUpdate(p, {
        objects: { 1: currentObject(p, 1).replace(/>>$/, `/OpenAction ${NEXT} 0 R >>`), [NEXT]: '<< /S /JavaScript /JS (app.alert(1)) >>' },
      }),
    what: ['action'],
  },
  {
    name: 'isa-metadata',
    make: (p) =>
      appendUpdate(p, {
        objects: {
          1: currentObject(p, 1).replace(/>>$/, `/Metadata ${NEXT} 0 R >>`),
          [NEXT]: streamObject('<x:xmpmeta xmlns:x="adobe:ns:meta/"/>', '/Type /Metadata /Subtype /XML '),
        },
      }),
    what: ['metadata'],
  },
  {
    name: 'isa-no-cross-reference',
    make: (p) => appendUpdate(p, { objects: { 4: streamObject('BT /F1 24 Tf 72 760 Td (Pay 1,000,000) Tj ET') }, crossReference: false }),
    what: ['data-after-end'],
  },
  {
    name: 'bytes-after-eof',
    make: (p) => writeFileSync(p, Buffer.concat([readFileSync(p), Buffer.from('% anything at all\n')])),
    what: ['data-after-end'],
  },
  {
    // The newest signature dropped from the form, so that a reader of the newest revision never sees it.
    name: 'isa-signature-dropped',
    make: (p) => appendUpdate(p, { objects: { 7: currentObject(p, 7).replace(/ \d+ 0 R\]/, ']') } }),
    what: ['form'],
  },
  {
    name: 'shadow-hide',
    make: (p) => appendUpdate(p, { objects: { 9: streamObject('', '/Type /XObject /Subtype /Form /BBox [0 0 400 40] ') } }),
    what: ['page-content'],
  },
  {
    name: 'shadow-replace-font',
    make: (p) => appendUpdate(p, { objects: { 10: '<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>' } }),
    what: ['resources'],
  },
  { name: 'shadow-hide-and-replace', make: (p) => appendUpdate(p, { repoint: { 4: shadowOffset(p) } }), what: ['page-content'] },
  // Variants in how the update is written: the same changes must show whichever way the cross-reference says them.
  {
    name: 'isa-cross-reference-stream',
    make: (p) => appendUpdate(p, { objects: { 4: PAY }, crossReference: 'stream' }),
    what: ['page-content'],
  },
  {
    // Page 1 written again unchanged under generation 1: readers that honour generations no longer find `3 0 R`.
    name: 'isa-generation-1',
    make: (p) => appendUpdate(p, { objects: { 3: currentObject(p, 3) }, generations: { 3: 1 } }),
    what: ['object-deleted'],
  },
  {
    // One object listed twice in one section: readers differ on which row wins, so the section is read as damaged and
    // the update as bytes that do not chain to the signed revisions.
    name: 'isa-defined-twice',
    make: (p) => appendUpdate(p, { twice: [4, streamObject(PAGE_1_CONTENT), PAY] }),
    what: ['data-after-end'],
  },
  {
    name: 'isa-defined-twice-in-a-stream',
    make: (p) => appendUpdate(p, { twice: [4, PAY, streamObject(PAGE_1_CONTENT)], crossReference: 'stream' }),
    what: ['data-after-end'],
  },
  { name: 'isa-freed', make: (p) => appendUpdate(p, { free: [9] }), what: ['object-deleted'] },
  {
    // An update without /Prev: the chain no longer reaches the signed revisions, and readers rebuild the file with it.
    name: 'isa-no-prev',
    make: (p) => appendUpdate(p, { objects: { 4: PAY }, trailer: { Prev: null } }),
    what: ['data-after-end'],
  },
  {
    name: 'isa-prev-outside',
    make: (p) => appendUpdate(p, { objects: { 4: PAY }, trailer: { Prev: '999999999' } }),
    what: ['data-after-end'],
  },
  {
    // Objects appended, then the signed revision's own `startxref … %%EOF` again, so the file seems to end where it was signed.
    name: 'isa-startxref-copied',
    make: (p) => {
      const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(readFileSync(p).toString('latin1'))?.[1];
      appendFileSync(p, `4 0 obj\n${PAY}\nendobj\nstartxref\n${startxref}\n%%EOF\n`);
    },
    what: ['data-after-end'],
  },
  {
    // The XObject page 1 has named since before the approval, defined only now: a shadow the signers never saw.
    name: 'shadow-dangling-reference',
    make: (p) =>
      appendUpdate(p, {
        objects: {
          [DANGLING]: streamObject(
            'BT /F1 24 Tf 0 0 Td (Pay 1,000,000) Tj ET',
            '/Type /XObject /Subtype /Form /BBox [0 0 400 40] /Resources << /Font << /F1 10 0 R >> >> ',
          ),
        },
      }),
    what: ['object-added'],
  },
  {
    // An empty signature field is no signature: its appearance is anything its author draws, anywhere on the page.
    name: 'empty-signature-field',
    make: (p) =>
      appendUpdate(p, {
        objects: {
          3: currentObject(p, 3).replace('/Annots [', `/Annots [${NEXT} 0 R `),
          7: currentObject(p, 7).replace('/Fields [', `/Fields [${NEXT} 0 R `),
          [NEXT]: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (Empty) /F 4 /Rect [60 680 460 780] /P 3 0 R /AP << /N ${NEXT + 1} 0 R >> >>`,
          [NEXT + 1]: streamObject('0 0 1 rg 0 0 400 100 re f', '/Type /XObject /Subtype /Form /BBox [0 0 400 100] '),
        },
      }),
    what: ['annotation', 'form'],
  },
];

before(async () => {
  const demo = await demoReady;
  caPem = demo.caCertPath;
  env = demoCliEnv(demo, at('home'));
  writePreparedDocument(at('prepared.pdf'));
  assert.equal(sealdesk(['approvers', 'add', '--cert', '个人证书']).code, 0);
  const approved = sealdesk([
    'approve',
    at('prepared.pdf'),
    '-o',
    at('approved.pdf'),
    '--cert',
    '个人证书',
    '--page',
    '2',
    '--x',
    '60',
    '--y',
    '40',
  ]);
  assert.equal(approved.code, 0, approved.stderr);
  const final = sealdesk([
    'seal',
    at('approved.pdf'),
    '-o',
    at('final.pdf'),
    '--seal',
    '电子印章',
    '--page',
    '2',
    '--x',
    '150',
    '--y',
    '200',
    '--final',
  ]);
  assert.equal(final.code, 0, final.stderr);
});

function verify(path: string): { code: number | null; report: DocumentReport; text: string } {
  const json = sealdesk(['verify', path, '--json', '--trust', caPem]);
  assert.ok(json.stdout.startsWith('{'), `${path}: ${json.stderr}`);
  const text = sealdesk(['verify', path, '--trust', caPem]).stdout;
  return { code: json.code, report: DocumentReportSchema.parse(JSON.parse(json.stdout)), text };
}

function attacked(source: string, attack: Attack): string {
  const path = at(`${attack.name}-${source}`);
  copyFileSync(at(source), path);
  attack.make(path);
  return path;
}

const modifications = (report: DocumentReport, index: number): Change['what'][] =>
  (report.signatures[index]?.laterChanges ?? []).filter((c) => c.kind !== 'signature-added').map((c) => c.what);

test('the prepared document, approved and finally sealed, verifies as valid and locked', () => {
  const { code, report, text } = verify(at('final.pdf'));
  assert.equal(code, 0);
  assert.equal(report.verdict, 'valid');
  assert.equal(report.locked, true);
  assert.match(text, /已加盖最终印章，文档已锁定/);
});

test('after the final seal every attack is reported with what it changed, exit 1, never "locked"; pdfsig agrees it is not the signed document', () => {
  for (const attack of ATTACKS) {
    const path = attacked('final.pdf', attack);
    const { code, report, text } = verify(path);
    assert.equal(code, 1, attack.name);
    assert.equal(report.verdict, 'modified', attack.name);
    const finalSeal = report.signatures.at(-1);
    assert.equal(finalSeal?.integrity.intact, true, `${attack.name}: the signed bytes are intact`);
    assert.equal(finalSeal?.changesPermitted, false, attack.name);
    assert.deepEqual(modifications(report, 1), attack.what, attack.name);
    assert.doesNotMatch(text, /已加盖最终印章，文档已锁定/, attack.name);
    assert.match(text, /锁定已被破坏/, attack.name);
    // pdfsig does not take the last signature for the whole document (after a new /Root it finds none at all).
    if (!attack.what.includes('data-after-end')) assert.notEqual(pdfsig(path).totals.at(-1), true, `${attack.name}: pdfsig`);
  }
});

test('the change names its page: the hidden text revealed on page 1, the annotation on page 1', () => {
  const named = (name: string): Attack => ATTACKS.find((attack) => attack.name === name) as Attack;
  const hide = verify(attacked('final.pdf', named('shadow-hide'))).report;
  assert.deepEqual(
    hide.signatures.at(-1)?.laterChanges.map((c) => [c.what, c.pageIndex]),
    [['page-content', 0]],
  );
  const annotation = verify(attacked('final.pdf', named('isa-annotation')));
  assert.deepEqual(
    annotation.report.signatures.at(-1)?.laterChanges.map((c) => [c.kind, c.pageIndex]),
    [['annotation-changed', 0]],
  );
  assert.match(annotation.text, /批注（第 1 页）：批注增改/);
});

test('after the approval alone (DocMDP P=2) the same attacks are changes the certification does not permit', () => {
  for (const attack of ATTACKS) {
    const { code, report } = verify(attacked('approved.pdf', attack));
    assert.equal(code, 1, attack.name);
    assert.equal(report.verdict, 'modified', attack.name);
    assert.equal(report.signatures[0]?.changesPermitted, false, attack.name);
    assert.deepEqual(modifications(report, 0), attack.what, attack.name);
  }
});

test('filling in the form is permitted under the approval (P=2) and reported as such, but not after the final seal', () => {
  copyFileSync(at('approved.pdf'), at('filled-approved.pdf'));
  appendUpdate(at('filled-approved.pdf'), fillForm(at('filled-approved.pdf')));
  const permitted = verify(at('filled-approved.pdf'));
  assert.equal(permitted.code, 0, permitted.text);
  assert.equal(permitted.report.verdict, 'valid');
  assert.deepEqual(
    permitted.report.signatures[0]?.laterChanges.map((c) => [c.kind, c.what, c.pageIndex]),
    [['form-filled', 'form-field', 0]],
  );
  assert.match(permitted.text, /签发认证允许的改动/);

  copyFileSync(at('final.pdf'), at('filled-final.pdf'));
  appendUpdate(at('filled-final.pdf'), fillForm(at('filled-final.pdf')));
  const locked = verify(at('filled-final.pdf'));
  assert.equal(locked.code, 1);
  assert.equal(locked.report.verdict, 'modified');
  assert.equal(locked.report.signatures.at(-1)?.changesPermitted, false);
});

test('an update that adds only an object nothing refers to: a change after the final seal (pdfsig agrees), permitted but listed under P=2; validation data stays permitted', () => {
  const orphan = (path: string): void => appendUpdate(path, { objects: { [NEXT]: '<< /Note (nothing shows me) >>' } });
  copyFileSync(at('final.pdf'), at('orphan-final.pdf'));
  orphan(at('orphan-final.pdf'));
  const locked = verify(at('orphan-final.pdf'));
  assert.equal(locked.code, 1, locked.text);
  assert.equal(locked.report.verdict, 'modified');
  assert.equal(locked.report.signatures.at(-1)?.changesPermitted, false);
  assert.deepEqual(
    locked.report.signatures.at(-1)?.laterChanges.map((c) => [c.kind, c.what, c.object]),
    [['unreferenced-added', 'object-unreferenced', NEXT]],
  );
  assert.match(locked.text, /锁定已被破坏/);
  assert.match(locked.text, /此后的更新新增了文档中任何地方都不引用、不显示的对象：追加无引用的对象/);
  assert.notEqual(pdfsig(at('orphan-final.pdf')).totals.at(-1), true, 'pdfsig: not total document signed');

  copyFileSync(at('approved.pdf'), at('orphan-approved.pdf'));
  orphan(at('orphan-approved.pdf'));
  const approval = verify(at('orphan-approved.pdf'));
  assert.equal(approval.code, 0, approval.text);
  assert.equal(approval.report.verdict, 'valid');
  assert.equal(approval.report.signatures[0]?.changesPermitted, true);
  assert.match(approval.text, /追加无引用的对象/, 'permitted, but listed');

  copyFileSync(at('final.pdf'), at('dss-final.pdf'));
  appendUpdate(at('dss-final.pdf'), {
    objects: {
      1: currentObject(at('dss-final.pdf'), 1).replace(/>>$/, `/DSS ${NEXT} 0 R >>`),
      [NEXT]: '<< /Type /DSS /Certs [] >>',
    },
  });
  const dss = verify(at('dss-final.pdf'));
  assert.equal(dss.code, 0, dss.text);
  assert.equal(dss.report.verdict, 'valid');
  assert.match(dss.text, /已加盖最终印章，文档已锁定/);
});

test('signature wrapping: a signature dictionary redefined outside the signed bytes, or signed bytes moved, is broken', () => {
  const redefined = at('swa-redefined.pdf');
  copyFileSync(at('final.pdf'), redefined);
  const signature = lastSignatureObject(redefined);
  appendUpdate(redefined, { objects: { [signature.num]: signature.text, 4: streamObject('BT /F1 24 Tf 72 760 Td (Pay) Tj ET') } });
  const wrapped = verify(redefined);
  assert.equal(wrapped.code, 1);
  assert.equal(wrapped.report.verdict, 'invalid');
  assert.deepEqual(wrapped.report.signatures.at(-1)?.integrity.problems, ['contents-misplaced']);

  // The second signed range copied to the end, and the dictionary pointing its /ByteRange there.
  const moved = at('swa-moved.pdf');
  const original = readFileSync(at('final.pdf'));
  const [b, c, d] = (/\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(signature.text)?.slice(1) ?? []).map(Number) as [
    number,
    number,
    number,
  ];
  writeFileSync(moved, Buffer.concat([original, original.subarray(c, c + d)]));
  const relocated = signature.text.replace(/\/ByteRange\s*\[[^\]]*\]/, `/ByteRange [0 ${b} ${original.length} ${d}]`);
  appendUpdate(moved, { objects: { [signature.num]: relocated } });
  const movedReport = verify(moved);
  assert.equal(movedReport.code, 1);
  assert.equal(movedReport.report.verdict, 'invalid');
  assert.equal(movedReport.report.signatures.at(-1)?.integrity.intact, false);
});

test('universal signature forgery: a signature without usable /ByteRange or /Contents is broken, never skipped', () => {
  const forgeries: Record<string, string> = {
    'usf-no-byterange': '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /Contents <00> >>',
    'usf-zero-byterange': '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 0 0 0] /Contents <> >>',
    'usf-null-contents': '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 10 20 30] /Contents null >>',
  };
  for (const [name, signature] of Object.entries(forgeries)) {
    const path = at(`${name}.pdf`);
    copyFileSync(at('final.pdf'), path);
    const form = currentObject(path, 7).replace('/Fields [', `/Fields [${NEXT} 0 R `);
    appendUpdate(path, {
      objects: {
        4: streamObject('BT /F1 24 Tf 72 760 Td (Pay 1,000,000) Tj ET'),
        7: form,
        [NEXT]: `<< /FT /Sig /T (Forged) /V ${NEXT + 1} 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>`,
        [NEXT + 1]: signature,
      },
    });
    const { code, report } = verify(path);
    assert.equal(code, 1, name);
    assert.equal(report.verdict, 'invalid', name);
    assert.equal(report.signatures.find((s) => s.fieldName === 'Forged')?.integrity.intact, false, name);
    assert.equal(report.signatures.find((s) => s.permission === 'lock')?.changesPermitted, false, name);
  }
});

test('a file cut inside its last update, or cut short of its %%EOF, is reported; cut back exactly to an earlier revision it is that revision, not locked', () => {
  const approvedSize = readFileSync(at('approved.pdf')).length;
  const inside = at('cut-inside.pdf');
  copyFileSync(at('final.pdf'), inside);
  truncateSync(inside, approvedSize + 1500);
  const cut = verify(inside);
  assert.equal(cut.code, 1);
  assert.equal(cut.report.verdict, 'modified');
  assert.equal(cut.report.locked, false);
  assert.equal(cut.report.signatures.length, 1, 'only the approval is left');
  const [what] = modifications(cut.report, 0);
  assert.ok(what === 'signature-cut-off' || what === 'data-after-end', String(what));

  const short = at('cut-eof.pdf');
  copyFileSync(at('final.pdf'), short);
  truncateSync(short, readFileSync(at('final.pdf')).length - '%%EOF\n'.length);
  const shortReport = verify(short);
  assert.equal(shortReport.code, 1);
  assert.notEqual(shortReport.report.verdict, 'valid');
  assert.ok(modifications(shortReport.report, 0).includes('truncated'));

  const back = at('cut-back.pdf');
  copyFileSync(at('final.pdf'), back);
  truncateSync(back, approvedSize);
  const backReport = verify(back);
  assert.equal(backReport.report.locked, false, 'without its final seal the document is not shown as locked');
  assert.equal(backReport.report.signatures.length, 1);
});
