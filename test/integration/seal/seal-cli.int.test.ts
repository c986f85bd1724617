import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { DocumentReportSchema } from '../../../shared/model/verification.ts';
import { demoCliEnv, freshDemo } from '../../support/demo.ts';
import {
  addEmptySignatureField,
  appendContentEdit,
  pdfsig,
  qpdfCheck,
  sha256File,
  withObjectStreams,
  writeTestPdf,
} from '../../support/pdf.ts';
import { runSealdesk } from '../../support/cli.ts';
import { lastSignature } from '../../support/validation-data.ts';
import { tempDir } from '../../support/temp.ts';

const dir = tempDir('seal-cli');
const demoReady = freshDemo('seal-cli');
let env: NodeJS.ProcessEnv = {};
let caPem = '';

before(async () => {
  const demo = await demoReady;
  caPem = demo.caCertPath;
  env = demoCliEnv(demo, join(dir, 'home'));
  writeTestPdf(join(dir, 'notice.pdf'), 3);
  withObjectStreams(join(dir, 'notice.pdf'), join(dir, 'notice-objstm.pdf'));
});

const sealdesk = (args: string[], extra: NodeJS.ProcessEnv = {}) => runSealdesk(args, { ...env, ...extra });

/** `trust` is a --trust file (the demo CA unless named), or false for none. */
function verifyJson(path: string, trust: string | false = caPem) {
  const result = sealdesk(['verify', path, '--json', ...(trust === false ? [] : ['--trust', trust])]);
  return { code: result.code, report: DocumentReportSchema.parse(JSON.parse(result.stdout)) };
}

const at = (name: string): string => join(dir, name);

test('approval, two seals (the last one cross-page and final) on classic and xref-stream files: every validator agrees', async () => {
  const refused = sealdesk(['approve', at('notice.pdf'), '-o', at('never.pdf'), '--cert', '个人证书']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /签发权人名单/);
  assert.equal(sealdesk(['approvers', 'add', '--cert', '个人证书']).code, 0);

  for (const source of ['notice.pdf', 'notice-objstm.pdf']) {
    const original = sha256File(at(source));
    const unapproved = sealdesk([
      'seal',
      at(source),
      '-o',
      at(`x-${source}`),
      '--seal',
      '电子印章',
      '--page',
      'last',
      '--x',
      '150',
      '--y',
      '240',
    ]);
    assert.equal(unapproved.code, 1, unapproved.stderr);
    assert.match(unapproved.stderr, /尚未经签发权人签发/);
    assert.equal(existsSync(at(`x-${source}`)), false, 'no output is left behind');

    const approved = at(`approved-${source}`);
    const sealed = at(`sealed-${source}`);
    const final = at(`final-${source}`);
    assert.equal(sealdesk(['approve', at(source), '-o', approved, '--cert', '个人证书', '--page', '1', '--x', '60', '--y', '40']).code, 0);
    const first = sealdesk(['seal', approved, '-o', sealed, '--seal', '电子印章', '--page', 'last', '--x', '150', '--y', '240']);
    assert.equal(first.code, 0, first.stderr);
    const second = sealdesk(['seal', sealed, '-o', final, '--seal', '电子印章', '--y', '150', '--x', '0', '--cross-page', '--final']);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(sha256File(at(source)), original, 'the original is untouched');

    const poppler = pdfsig(final, caPem);
    assert.deepEqual(poppler.validations, ['Signature is Valid.', 'Signature is Valid.', 'Signature is Valid.'], poppler.output);
    // The approver's and the seal's certificates chain to the demo CA for NSS too. Only their first
    // signatures are asked: NSS (3.87) refuses a certificate it met in an earlier signature of the same run
    // when its issuer's name has several RDNs (SEC_ERROR_REUSED_ISSUER_AND_SERIAL, also with openssl's CMS).
    assert.deepEqual(poppler.certificates.slice(0, 2), ['Certificate is Trusted.', 'Certificate is Trusted.'], poppler.output);
    assert.deepEqual(poppler.totals, [false, false, true]);
    assert.equal(qpdfCheck(final).ok, true, qpdfCheck(final).output);

    const { code, report } = verifyJson(final);
    assert.equal(code, 0);
    assert.equal(report.verdict, 'valid');
    assert.equal(report.locked, true);
    assert.deepEqual(
      report.signatures.map((s) => [s.role, s.permission, s.integrity.intact, s.trust.status]),
      [
        ['approval', 'certify-2', true, 'trusted'],
        ['seal', 'none', true, 'trusted'],
        ['seal', 'lock', true, 'trusted'],
      ],
    );
    assert.deepEqual(report.approval, { approverName: '张三', authorised: true });
    assert.equal(report.signatures[2]?.widgets.length, 3, 'one slice per page');
    assert.deepEqual(new Set(report.signatures[2]?.widgets.map((w) => w.pageIndex)), new Set([0, 1, 2]));

    const again = sealdesk(['seal', final, '-o', at(`again-${source}`), '--seal', '电子印章', '--x', '100', '--y', '100']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /锁定/);
  }
});

test('an edit appended by another tool after the final seal is reported as modification by sealdesk and pdfsig', () => {
  const tampered = at('tampered.pdf');
  copyFileSync(at('final-notice.pdf'), tampered);
  appendContentEdit(tampered);
  const { code, report } = verifyJson(tampered);
  assert.equal(code, 1);
  assert.equal(report.verdict, 'modified');
  const finalSeal = report.signatures.at(-1);
  assert.equal(finalSeal?.integrity.intact, true, 'the signed bytes themselves are intact');
  assert.equal(finalSeal?.changesPermitted, false);
  assert.deepEqual(
    finalSeal?.laterChanges.map((c) => [c.kind, c.what]),
    [['modified', 'page-content']],
  );
  assert.match(sealdesk(['verify', tampered]).stdout, /文档在签名后被修改/);
  assert.deepEqual(pdfsig(tampered).totals, [false, false, false]);
});

test('a file rewritten by qpdf breaks the signatures: invalid, exit 1', () => {
  const rewritten = at('rewritten.pdf');
  spawnSync('qpdf', ['--object-streams=generate', at('final-notice.pdf'), rewritten]);
  const { code, report } = verifyJson(rewritten);
  assert.equal(code, 1);
  assert.equal(report.verdict, 'invalid');
});

test('without the demo CA the signatures are intact but not trusted here — never "invalid"', () => {
  const { code, report } = verifyJson(at('final-notice.pdf'), false);
  assert.equal(code, 0);
  assert.deepEqual(new Set(report.signatures.map((s) => s.trust.status)), new Set(['untrusted-root']));
  assert.match(sealdesk(['verify', at('final-notice.pdf')], { SEALDESK_LANG: 'en' }).stdout, /Not trusted here/);
});

test('a --trust file holding a certificate that does not parse: verify still trusts the good one and names the skipped one (issue 24 item 5)', () => {
  const mixed = at('mixed-trust.pem');
  // 30 03 02 01 07: DER, but not a certificate.
  writeFileSync(mixed, `-----BEGIN CERTIFICATE-----\nMAMCAQc=\n-----END CERTIFICATE-----\n${readFileSync(caPem, 'utf8')}`);
  const result = sealdesk(['verify', at('final-notice.pdf'), '--json', '--trust', mixed]);
  const report = DocumentReportSchema.parse(JSON.parse(result.stdout));
  assert.equal(result.code, 0);
  assert.deepEqual(new Set(report.signatures.map((s) => s.trust.status)), new Set(['trusted']));
  assert.deepEqual(
    report.skippedCertificates.map((s) => s.source),
    [mixed],
  );
  const text = sealdesk(['verify', at('final-notice.pdf'), '--trust', mixed], { SEALDESK_LANG: 'en' }).stdout;
  assert.match(text, /Skipped a certificate that cannot be read: .*mixed-trust\.pem/);
});

test('a --trust file holding no certificate at all (empty, or only junk): verify says the file added no root, in both languages', () => {
  for (const [name, content] of [
    ['empty-trust.pem', ''],
    ['junk-trust.pem', 'these are not the certificates you are looking for\n'],
  ] as const) {
    writeFileSync(at(name), content);
    const { report } = verifyJson(at('final-notice.pdf'), at(name));
    assert.deepEqual(new Set(report.signatures.map((s) => s.trust.status)), new Set(['untrusted-root']), name);
    assert.deepEqual(
      report.skippedCertificates.map((s) => [s.source, s.reason]),
      [[at(name), 'not-pem']],
    );
    const zh = sealdesk(['verify', at('final-notice.pdf'), '--trust', at(name)]).stdout;
    assert.match(zh, new RegExp(`信任文件 .*${name} 中没有任何可用的证书，未从中加入信任根`), name);
    const en = sealdesk(['verify', at('final-notice.pdf'), '--trust', at(name)], { SEALDESK_LANG: 'en' }).stdout;
    assert.match(en, new RegExp(`The trust file .*${name} holds no usable certificate and added no root`), name);
  }
});

test('a PDF signed by mutool is read; mutool 1.21 signs with SHA-1, so without a time-stamp it is refused as weak, in words', () => {
  const unsignedField = at('field.pdf');
  writeTestPdf(unsignedField, 1);
  const key = at('other.key');
  const cert = at('other.crt');
  spawnSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-subj',
    '/CN=Other Tool',
    '-days',
    '30',
  ]);
  spawnSync('openssl', ['pkcs12', '-export', '-inkey', key, '-in', cert, '-out', at('other.p12'), '-passout', 'pass:secret']);
  addEmptySignatureField(unsignedField);
  const signed = spawnSync('mutool', ['sign', '-s', at('other.p12'), '-P', 'secret', '-o', at('mutool.pdf'), unsignedField, '6'], {
    encoding: 'utf8',
  });
  assert.equal(signed.status, 0, signed.stderr);
  const { code, report } = verifyJson(at('mutool.pdf'));
  assert.equal(code, 1);
  assert.deepEqual(
    report.signatures.map((s) => [s.signerName, s.subFilter, s.integrity.problems, s.trust.status]),
    [['Other Tool', 'adbe.pkcs7.detached', ['weak-algorithm'], 'untrusted-root']],
  );
  // What openssl says of the same signature: its digest is SHA-1.
  writeFileSync(at('mutool.p7s'), lastSignature(at('mutool.pdf')).contents);
  const cms = spawnSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', at('mutool.p7s')], { encoding: 'utf8' });
  assert.match(cms.stdout, /digestAlgorithm:\s+algorithm: sha1/);
  const text = sealdesk(['verify', at('mutool.pdf')]).stdout;
  assert.match(
    text,
    /签名使用 SHA-1 摘要算法：因可伪造摘要相同的文档（碰撞攻击），自 2014 年 1 月 1 日起不再接受，且没有可信时间戳证明签名早于该日期/,
  );
});

test('bad input: not a PDF, encrypted, truncated — a clear message and exit 2', () => {
  writeFileSync(at('letter.pdf'), 'Dear colleague, this is not a PDF.');
  spawnSync('qpdf', ['--encrypt', 'user', 'owner', '256', '--', at('notice.pdf'), at('encrypted.pdf')]);
  copyFileSync(at('final-notice.pdf'), at('truncated.pdf'));
  truncateSync(at('truncated.pdf'), Math.floor(readFileSync(at('final-notice.pdf')).length / 2));
  const cases: [string, RegExp][] = [
    ['letter.pdf', /不是 PDF 文件/],
    ['encrypted.pdf', /已加密/],
    ['truncated.pdf', /不完整/],
    ['missing.pdf', /找不到文件/],
  ];
  for (const [name, message] of cases) {
    const result = sealdesk(['verify', at(name)]);
    assert.equal(result.code, 2, name);
    assert.match(result.stderr, message, name);
  }
});

test('bad input read by rebuilding, as other readers do: the repair offer names what is damaged; a cyclic page tree is named by verify', () => {
  const text = readFileSync(at('notice.pdf')).toString('latin1');
  const damaged = (name: string, from: RegExp | string, to: string): string => {
    writeFileSync(at(name), Buffer.from(text.replace(from, to), 'latin1'));
    return at(name);
  };
  const huge = damaged('huge-length.pdf', /(\d+) 0 obj\n<< \/Length \d+ >>/, '$1 0 obj\n<< /Length 99999999999999 >>');
  const hugeObject = /(\d+) 0 obj\n<< \/Length \d+ >>/.exec(text)?.[1];
  const outside = damaged('xref-outside.pdf', /startxref\s+\d+/, 'startxref\n99999999');
  const size = readFileSync(outside).length;
  const cases: [string, RegExp, RegExp][] = [
    [
      huge,
      new RegExp(`PDF 文件结构已损坏（对象 ${hugeObject} 声明的长度（99999999999999 字节）超出文件）.*sealdesk repair`),
      /object \d+ declares a length \(99999999999999 bytes\) past the end of the file/,
    ],
    [
      outside,
      new RegExp(`PDF 文件结构已损坏（交叉引用表指向文件之外（偏移 99999999，文件长 ${size} 字节））.*sealdesk repair`),
      /the cross-reference points outside the file \(offset 99999999, file length \d+ bytes\)/,
    ],
  ];
  for (const [path, zh, en] of cases) {
    const before = sha256File(path);
    const refused = sealdesk(['approve', path, '-o', at('never.pdf'), '--cert', '个人证书']);
    assert.equal(refused.code, 1, path);
    assert.match(refused.stderr, zh, path);
    assert.match(sealdesk(['verify', path], { SEALDESK_LANG: 'en' }).stdout, en, path);
    assert.equal(sha256File(path), before, 'the original is untouched');
  }
  const cycle = damaged('cycle.pdf', /\/Kids \[(\d+) 0 R/, '/Kids [2 0 R');
  const verified = sealdesk(['verify', cycle]);
  assert.match(verified.stdout, /文档没有签名或印章。\n损坏之处：页面树循环引用（对象 2 在页面树中再次出现）/);
  assert.match(
    sealdesk(['verify', cycle], { SEALDESK_LANG: 'en' }).stdout,
    /Damaged: the page tree loops back on itself \(object 2 appears in it again\)/,
  );
});

test('批量盖章 into one --out-dir: two documents named alike get two outputs, an unapproved one fails alone, every other seal verifies', () => {
  const batchDir = at('batch');
  for (const office of ['办公室', '财务处']) {
    mkdirSync(join(batchDir, office), { recursive: true });
    writeTestPdf(join(batchDir, office, '通知.pdf'), 2);
    const approved = join(batchDir, office, '通知-已签发.pdf');
    assert.equal(sealdesk(['approve', join(batchDir, office, '通知.pdf'), '-o', approved, '--cert', '个人证书']).code, 0);
  }
  const inputs = [join(batchDir, '办公室', '通知-已签发.pdf'), at('notice.pdf'), join(batchDir, '财务处', '通知-已签发.pdf')];
  const outDir = join(batchDir, 'out');
  mkdirSync(outDir);
  const result = sealdesk(['seal', ...inputs, '--out-dir', outDir, '--seal', '电子印章', '--page', 'last', '--x', '150', '--y', '240']);
  assert.equal(result.code, 1, 'one document failed');
  assert.match(result.stderr, /notice\.pdf.*尚未经签发权人签发/);
  assert.deepEqual(
    readdirSync(outDir).sort(),
    ['通知-已盖章-2.pdf', '通知-已盖章.pdf'],
    'named from the original, as the window names them',
  );
  for (const sealed of readdirSync(outDir)) {
    assert.deepEqual(pdfsig(join(outDir, sealed)).validations, ['Signature is Valid.', 'Signature is Valid.'], sealed);
  }
});

test('盖章 again into the same folder refuses, naming each existing output and --overwrite, writes nothing (no -2 beside it); --overwrite replaces them', () => {
  const batchDir = at('batch');
  const outDir = join(batchDir, 'out');
  const inputs = [join(batchDir, '办公室', '通知-已签发.pdf'), join(batchDir, '财务处', '通知-已签发.pdf')];
  const outputs = [join(outDir, '通知-已盖章.pdf'), join(outDir, '通知-已盖章-2.pdf')];
  const before = outputs.map(sha256File);
  const seal = ['--seal', '电子印章', '--page', 'last', '--x', '150', '--y', '240'];

  const refused = sealdesk(['seal', ...inputs, '--out-dir', outDir, ...seal], { SEALDESK_PIN: '000000' });
  assert.equal(refused.code, 1);
  for (const output of outputs) {
    assert.ok(
      refused.stderr.includes(`${output} 已存在，未写入任何文件。要替换它，请加上 --overwrite；或用 -o 另选文件名。`),
      refused.stderr,
    );
  }
  assert.doesNotMatch(refused.stderr, /PIN/, 'refused before the PIN is asked or tried');
  assert.deepEqual(readdirSync(outDir).sort(), ['通知-已盖章-2.pdf', '通知-已盖章.pdf'], 'no -3, no -2 beside the first');
  assert.deepEqual(outputs.map(sha256File), before);

  // A sealed file sealed again is still 通知-已盖章.pdf, never 通知-已盖章-已盖章.pdf: here, its own name, so refused.
  const english = sealdesk(['seal', outputs[0] ?? '', ...seal], { SEALDESK_LANG: 'en' });
  assert.equal(english.code, 1);
  assert.match(
    english.stderr,
    /already exists; nothing was written\. Add --overwrite to replace it, or choose another name with -o\. \[OUTPUT_EXISTS\]/,
  );
  assert.ok(english.stderr.includes(outputs[0] ?? ''), english.stderr);
  const approvedAgain = sealdesk(['approve', inputs[0] ?? '', '--cert', '个人证书']);
  assert.equal(approvedAgain.code, 1, 'approving 通知-已签发.pdf again names it 通知-已签发.pdf, which exists');
  assert.ok(approvedAgain.stderr.includes(`${inputs[0]} 已存在`), approvedAgain.stderr);
  assert.deepEqual(readdirSync(join(batchDir, '办公室')).sort(), ['通知-已签发.pdf', '通知.pdf'], 'no 通知-已签发-已签发.pdf');

  const replaced = sealdesk(['seal', ...inputs, '--out-dir', outDir, ...seal, '--overwrite']);
  assert.equal(replaced.code, 0, replaced.stderr);
  assert.deepEqual(readdirSync(outDir).sort(), ['通知-已盖章-2.pdf', '通知-已盖章.pdf']);
  outputs.forEach((output, i) => {
    assert.notEqual(sha256File(output), before[i], `${output} was replaced`);
    assert.deepEqual(pdfsig(output).validations, ['Signature is Valid.', 'Signature is Valid.'], output);
  });
});
