import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { derFromPem } from '../../../electron/services/pki/index.ts';
import { TokenService } from '../../../electron/services/token/index.ts';
import { DocumentReportSchema, type DocumentReport } from '../../../shared/model/verification.ts';
import { certify } from '../../support/certify.ts';
import { runSealdesk } from '../../support/cli.ts';
import { demoCliEnv, freshDemo } from '../../support/demo.ts';
import { appendUpdate, currentObject, pdfsig, qpdfCheck, streamObject, writeTestPdf } from '../../support/pdf.ts';
import { tempDir } from '../../support/temp.ts';
import {
  appendDocumentTimestamp,
  appendDss,
  byteRangeContent,
  lastSignature,
  openTestTsa,
  type DssContent,
  type TestTsa,
} from '../../support/validation-data.ts';

// Long-term validation after the signatures, as LTV tools add it: a DSS (certificates, CRLs, OCSP
// responses, a VRI entry per signature), then a document time-stamp (ETSI.RFC3161), then the DSS
// updated in place for the time-stamp. ISO 32000-2 §12.8.2.2 permits both at every DocMDP level,
// P=1 and the final seal's lock included; anything else in the same update is still a modification.

const dir = tempDir('validation-data');
const demoReady = freshDemo('validation-data');
const at = (name: string): string => join(dir, name);
let env: NodeJS.ProcessEnv = {};
let caPem = '';
let tsa: TestTsa;
let tokens: TokenService | undefined;
const sealdesk = (args: string[]) => runSealdesk(args, env);

/** Each signed document and the DocMDP restriction in force at its newest signature. */
const SIGNED = { 'approved.pdf': 'certify-2', 'p1.pdf': 'certify-1', 'p3.pdf': 'certify-3', 'final.pdf': 'lock' } as const;
type Signed = keyof typeof SIGNED;

before(async () => {
  const demo = await demoReady;
  caPem = demo.caCertPath;
  env = demoCliEnv(demo, at('home'));
  tsa = openTestTsa(tempDir('validation-data-tsa'));
  writeTestPdf(at('document.pdf'), 2);
  assert.equal(sealdesk(['approvers', 'add', '--cert', '个人证书']).code, 0);
  const approved = sealdesk(['approve', at('document.pdf'), '-o', at('approved.pdf'), '--cert', '个人证书']);
  assert.equal(approved.code, 0, approved.stderr);
  const placement = ['--seal', '电子印章', '--page', '1', '--x', '150', '--y', '200'];
  const final = sealdesk(['seal', at('approved.pdf'), '-o', at('final.pdf'), ...placement, '--final']);
  assert.equal(final.code, 0, final.stderr);
  tokens = await TokenService.open(demo.modulePath);
  await tokens.login(demo.tokenSerial, demo.pin);
  await certify(tokens, demo.tokenSerial, at('document.pdf'), at('p1.pdf'), 1);
  await certify(tokens, demo.tokenSerial, at('document.pdf'), at('p3.pdf'), 3);
});

after(() => tokens?.close());

function verify(path: string): { code: number | null; report: DocumentReport; text: string } {
  const trust = ['--trust', caPem, '--trust', tsa.ca.certPath];
  const json = sealdesk(['verify', path, '--json', ...trust]);
  assert.ok(json.stdout.startsWith('{'), `${path}: ${json.stderr}`);
  const text = sealdesk(['verify', path, ...trust]).stdout;
  return { code: json.code, report: DocumentReportSchema.parse(JSON.parse(json.stdout)), text };
}

function validationData(): DssContent {
  const [demoCa] = derFromPem(readFileSync(caPem, 'utf8'));
  return { certificates: [demoCa as Uint8Array, tsa.ca.der], crls: [tsa.crl], ocsps: [tsa.ocsp] };
}

/** A DSS for the signatures, a document time-stamp, and the DSS updated in place for that time-stamp. */
function withLongTermValidation(source: Signed): string {
  const path = at(`ltv-${source}`);
  copyFileSync(at(source), path);
  appendDss(path, validationData());
  appendDocumentTimestamp(path, tsa);
  appendDss(path, { certificates: [tsa.tsa.der], crls: [tsa.crl], ocsps: [tsa.ocsp] });
  return path;
}

/** What `openssl ts -verify` says of the newest document time-stamp: its token over the bytes its /ByteRange covers. */
function opensslVerifiesTimestamp(path: string): boolean {
  const { byteRange, contents } = lastSignature(path);
  writeFileSync(at('covered.bin'), byteRangeContent(path, byteRange));
  writeFileSync(at('token.der'), contents);
  const args = ['ts', '-verify', '-data', at('covered.bin'), '-in', at('token.der'), '-token_in', '-CAfile', tsa.ca.certPath];
  return spawnSync('openssl', args, { encoding: 'utf8' }).stdout.includes('Verification: OK');
}

test('validation data and a document time-stamp added after the signatures stay permitted at every DocMDP level, the final seal included', () => {
  for (const [source, permission] of Object.entries(SIGNED) as [Signed, string][]) {
    const path = withLongTermValidation(source);
    const qpdf = qpdfCheck(path);
    assert.equal(qpdf.ok, true, `${source}: ${qpdf.output}`);
    assert.equal(opensslVerifiesTimestamp(path), true, `${source}: openssl ts -verify`);
    // pdfsig cannot check a document time-stamp ("Signature Type: unknown"); the signatures before it stay valid.
    const poppler = pdfsig(path, caPem);
    assert.ok(
      poppler.validations.slice(0, -1).every((v) => v === 'Signature is Valid.'),
      `${source}: ${poppler.output}`,
    );
    const { code, report, text } = verify(path);
    assert.equal(code, 0, `${source}: ${text}`);
    assert.equal(report.verdict, 'valid', source);
    const restricting = report.signatures.find((s) => s.permission === permission);
    assert.ok(restricting !== undefined, `${source}: ${permission}`);
    assert.equal(restricting.changesPermitted, true, source);
    assert.ok(
      restricting.laterChanges.some((c) => c.kind === 'validation-data-added'),
      `${source}: ${JSON.stringify(restricting.laterChanges)}`,
    );
    assert.deepEqual(
      restricting.laterChanges.filter((c) => c.kind !== 'validation-data-added' && c.kind !== 'signature-added'),
      [],
      source,
    );
    const stamp = report.signatures.at(-1);
    assert.equal(stamp?.role, 'timestamp', source);
    assert.equal(stamp.integrity.intact, true, `${source}: ${stamp.integrity.problems.join(', ')}`);
    assert.equal(stamp.trust.status, 'trusted', source);
    assert.equal(stamp.timestamp?.authorityName, 'Test TSA', source);
    assert.match(text, /文档时间戳 — Test TSA/, source);
    assert.match(text, /此后仅追加了签名、时间戳或验证数据/, source);
    const locks = permission === 'lock' || permission === 'certify-1';
    assert.equal(report.locked, locks, source);
    if (locks) assert.match(text, /已加盖最终印章，文档已锁定/, source);
  }
});

test('the final seal followed only by a document time-stamp (no DSS) is still valid and locked', () => {
  const path = at('stamped-final.pdf');
  copyFileSync(at('final.pdf'), path);
  appendDocumentTimestamp(path, tsa);
  const { code, report, text } = verify(path);
  assert.equal(code, 0, text);
  assert.equal(report.locked, true);
  assert.deepEqual(
    report.signatures.at(-2)?.laterChanges.map((c) => c.kind),
    report.signatures.at(-2)?.laterChanges.map(() => 'validation-data-added'),
  );
});

const PAGE_ONE_CONTENT = 4; // writeTestPdf's layout: page 1 is object 3, its content stream object 4
const forgedContent = (): Record<number, string> => ({
  [PAGE_ONE_CONTENT]: streamObject('BT /F1 24 Tf 72 760 Td (Pay 1,000,000) Tj ET'),
});

test('a DSS update that also changes a page is a modification, after the final seal and under the approval', () => {
  for (const source of ['final.pdf', 'approved.pdf'] as const) {
    const path = at(`dss-and-content-${source}`);
    copyFileSync(at(source), path);
    appendDss(path, validationData(), forgedContent());
    const { code, report, text } = verify(path);
    assert.equal(code, 1, source);
    assert.equal(report.verdict, 'modified', source);
    const newest = report.signatures.at(-1);
    assert.equal(newest?.changesPermitted, false, source);
    assert.deepEqual(
      newest.laterChanges.filter((c) => c.kind === 'modified').map((c) => [c.what, c.pageIndex]),
      [['page-content', 0]],
      source,
    );
    if (source === 'final.pdf') assert.match(text, /锁定已被破坏/);
  }
});

test('a DSS that lists a page stream as a certificate and redefines it, or a time-stamp that brings an annotation along, is a modification', () => {
  const listed = at('dss-lists-content.pdf');
  copyFileSync(at('final.pdf'), listed);
  appendDss(listed, validationData());
  const dss = Number(/\/DSS (\d+) 0 R/.exec(currentObject(listed, 1))?.[1]);
  const dssText = currentObject(listed, dss).replace('/Certs [', `/Certs [${PAGE_ONE_CONTENT} 0 R `);
  appendUpdate(listed, { objects: { [dss]: dssText, ...forgedContent() } });
  const listedReport = verify(listed);
  assert.equal(listedReport.code, 1);
  assert.deepEqual(
    listedReport.report.signatures
      .at(-1)
      ?.laterChanges.filter((c) => c.kind === 'modified')
      .map((c) => [c.what, c.pageIndex]),
    [['page-content', 0]],
  );

  const annotated = at('stamp-and-annotation.pdf');
  copyFileSync(at('final.pdf'), annotated);
  const note = '<< /Type /Annot /Subtype /FreeText /Rect [60 690 460 730] /Contents (Paid in full) /DA (/Helv 24 Tf 0 g) >>';
  appendDocumentTimestamp(annotated, tsa, { alsoOnPage: note });
  assert.equal(opensslVerifiesTimestamp(annotated), true);
  const { code, report, text } = verify(annotated);
  assert.equal(code, 1, text);
  assert.equal(report.verdict, 'modified');
  const finalSeal = report.signatures.at(-2);
  assert.equal(finalSeal?.changesPermitted, false);
  assert.deepEqual(
    finalSeal.laterChanges.filter((c) => c.kind !== 'validation-data-added').map((c) => [c.kind, c.what, c.pageIndex]),
    [['modified', 'annotation', 0]],
  );
  assert.match(text, /锁定已被破坏/);
});
