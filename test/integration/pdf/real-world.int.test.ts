import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { before, test } from 'node:test';
import { DocumentReportSchema } from '../../../shared/model/verification.ts';
import { runSealdesk, runSealdeskAsync, type CliResult } from '../../support/cli.ts';
import { demoCliEnv, freshDemo } from '../../support/demo.ts';
import { pdfsig, qpdfCheck, sha256File } from '../../support/pdf.ts';
import { corpusFiles, printChineseNotice, transformsOf, withStartxrefOff } from '../../support/real-world.ts';
import { tempDir } from '../../support/temp.ts';

const dir = tempDir('real-world');
const demoReady = freshDemo('real-world');
let env: NodeJS.ProcessEnv = {};
let caPem = '';
const generated: string[] = [];

/** Files that cannot be sealed, with the message that says why; qpdf and mutool cannot read the second either. */
const REFUSED: Readonly<Record<string, RegExp>> = {
  '005-libreoffice-writer-password_libreoffice-writer-password.pdf': /已加密/,
  '017-unreadable-meta-data_unreadablemetadata.pdf': /页面结构已损坏/,
};

/** ImageMagick's pages are 3.84 pt (1.4 mm) square: approved (invisibly), but no seal fits on them. */
const tooSmallForASeal = (path: string): boolean => basename(path).startsWith('007-imagemagick-images');

before(async () => {
  const demo = await demoReady;
  caPem = demo.caCertPath;
  env = demoCliEnv(demo, join(dir, 'home'));
  assert.equal(runSealdesk(['approvers', 'add', '--cert', '个人证书'], env).code, 0);
  const made = join(dir, 'made');
  mkdirSync(made);
  const notice = printChineseNotice(made, 20);
  withStartxrefOff(notice, join(made, 'startxref-off.pdf'), 3);
  generated.push(notice, ...transformsOf(notice, made), join(made, 'startxref-off.pdf'));
});

/** Runs `jobs` two at a time (verification and the validators, which never touch the token): the machine has two cores. */
async function inPairs<T, R>(items: readonly T[], job: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) results[i] = await job(items[i] as T);
  };
  await Promise.all([worker(), worker()]);
  return results;
}

const sealdesk = (args: string[]): Promise<CliResult> => runSealdeskAsync(args, env);

test('every corpus and tool-made PDF is approved, sealed (final) and verified; pdfsig and qpdf agree', async () => {
  const inputs = [...corpusFiles(), ...generated];
  const signable = inputs.filter((path) => REFUSED[basename(path)] === undefined);
  assert.ok(
    generated.every((path) => existsSync(path)),
    'the tools made their files',
  );
  const size = Number(/\/Size (\d+)/.exec(readFileSync(generated[0] as string).toString('latin1'))?.[1]);
  assert.ok(size > 200, `Chromium's notice has ${size} objects: a classic table longer than 4 KB`);

  const approvedDir = join(dir, 'approved');
  mkdirSync(approvedDir);
  const originals = new Map(inputs.map((path) => [path, sha256File(path)]));
  const approved = signable.map((path) => join(approvedDir, `${basename(path, '.pdf')}-已签发.pdf`));
  // One at a time: two processes signing on one SoftHSM2 token at once can fail with CKR_GENERAL_ERROR.
  signable.forEach((path, i) => {
    const result = runSealdesk(['approve', path, '-o', approved[i] as string, '--cert', '个人证书'], env);
    assert.equal(result.code, 0, `${path}: ${result.stderr}`);
  });

  const sealedDir = join(dir, 'sealed');
  mkdirSync(sealedDir);
  const tooSmall = approved.filter(tooSmallForASeal);
  assert.ok(tooSmall.length > 0);
  for (const path of tooSmall) {
    const refused = await sealdesk(['seal', path, '-o', join(dir, 'never.pdf'), '--seal', '电子印章', '--x', '30', '--y', '30']);
    assert.equal(refused.code, 1, path);
    assert.match(refused.stderr, /签章（42 × 42 毫米）比第 \d+ 页（1\.4 × 1\.4 毫米）还大，放不下/, path);
  }
  const sealing = await sealdesk([
    'seal',
    ...approved.filter((path) => !tooSmallForASeal(path)),
    '--out-dir',
    sealedDir,
    '--seal',
    '电子印章',
    '--page',
    'last',
    '--x',
    '30',
    '--y',
    '30',
    '--final',
  ]);
  assert.equal(sealing.code, 0, sealing.stderr);

  await inPairs(
    signable.filter((path) => !tooSmallForASeal(path)),
    async (path) => {
      const name = basename(path, '.pdf');
      const sealed = join(sealedDir, `${name}-已签发-已盖章.pdf`);
      const verified = await sealdesk(['verify', sealed, '--json', '--trust', caPem]);
      assert.equal(verified.code, 0, `${name}: ${verified.stdout}${verified.stderr}`);
      const report = DocumentReportSchema.parse(JSON.parse(verified.stdout));
      assert.equal(report.verdict, 'valid', name);
      assert.equal(report.locked, true, name);
      assert.deepEqual(
        report.signatures.map((s) => [s.role, s.trust.status]),
        [
          ['approval', 'trusted'],
          ['seal', 'trusted'],
        ],
        name,
      );
      // Even the file whose startxref was off: the seals' updates chain to where its table really is.
      assert.equal(report.repaired, null, name);
      const poppler = pdfsig(sealed);
      assert.deepEqual(poppler.validations, ['Signature is Valid.', 'Signature is Valid.'], `${name}: ${poppler.output}`);
      // qpdf objects to the sealed file only where it objects to the original already.
      const checked = qpdfCheck(sealed);
      assert.ok(checked.ok || !qpdfCheck(path).ok, `${name}: ${checked.output}`);
    },
  );
  for (const [path, digest] of originals) assert.equal(sha256File(path), digest, `${path} is untouched`);
});

test('files that cannot be sealed are refused with the reason, and nothing is written', () => {
  for (const [name, reason] of Object.entries(REFUSED)) {
    const path = corpusFiles().find((p) => basename(p) === name) as string;
    const output = join(dir, `refused-${name}`);
    const refused = runSealdesk(['approve', path, '-o', output, '--cert', '个人证书'], env);
    assert.equal(refused.code, 1, name);
    assert.match(refused.stderr, reason, name);
    assert.equal(existsSync(output), false, name);
    assert.equal(runSealdesk(['verify', path], env).code, 2, name);
  }
});

test('a startxref a few bytes off is read with a note; a rebuilt file too, approving it asks for a repair, and the repaired copy is approved', () => {
  const off = runSealdesk(['verify', generated.at(-1) as string], env);
  assert.equal(off.code, 1, 'unsigned');
  assert.match(off.stdout, /交叉引用表的位置偏差了几个字节/);

  const notice = generated[0] as string;
  const bytes = readFileSync(notice);
  const damaged = join(dir, 'rebuilt.pdf');
  const startxref = Number(/startxref\s+(\d+)/.exec(bytes.subarray(-64).toString('latin1'))?.[1]);
  // The table's first rows overwritten: no way to read it but scanning for the objects.
  writeFileSync(damaged, Buffer.concat([bytes.subarray(0, startxref), Buffer.alloc(200, 0x20), bytes.subarray(startxref + 200)]));
  const verified = runSealdesk(['verify', damaged], env);
  assert.equal(verified.code, 1, 'unsigned');
  assert.match(verified.stdout, /扫描全部对象重建交叉引用表/);
  const refused = runSealdesk(['approve', damaged, '-o', join(dir, 'never.pdf'), '--cert', '个人证书'], env);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /请先修复为新文件/);
  assert.equal(existsSync(join(dir, 'never.pdf')), false);
  const repaired = join(dir, 'repaired.pdf');
  assert.equal(runSealdesk(['repair', damaged, '-o', repaired], env).code, 0);
  assert.equal(qpdfCheck(repaired).ok, true, qpdfCheck(repaired).output);
  assert.equal(runSealdesk(['approve', repaired, '-o', join(dir, 'repaired-approved.pdf'), '--cert', '个人证书'], env).code, 0);
  assert.equal(runSealdesk(['verify', join(dir, 'repaired-approved.pdf'), '--trust', caPem], env).code, 0);
  assert.deepEqual(pdfsig(join(dir, 'repaired-approved.pdf')).validations, ['Signature is Valid.']);

  const sealedDamaged = join(dir, 'sealed-then-damaged.pdf');
  copyFileSync(join(dir, 'sealed', 'chromium-notice-已签发-已盖章.pdf'), sealedDamaged);
  const sealedBytes = readFileSync(sealedDamaged);
  const firstTable = sealedBytes.indexOf('\nxref\n') + 1;
  writeFileSync(
    sealedDamaged,
    Buffer.concat([sealedBytes.subarray(0, firstTable), Buffer.alloc(200, 0x20), sealedBytes.subarray(firstTable + 200)]),
  );
  const report = DocumentReportSchema.parse(JSON.parse(runSealdesk(['verify', sealedDamaged, '--json'], env).stdout));
  assert.equal(report.repaired, 'xref-rebuilt');
  assert.notEqual(report.verdict, 'valid', 'damage inside signed bytes is never valid');
  const rewrite = runSealdesk(['repair', sealedDamaged, '-o', join(dir, 'never-rewritten.pdf')], env);
  assert.equal(rewrite.code, 1);
  assert.match(rewrite.stderr, /已签名的文件不能重写修复/);
  assert.equal(existsSync(join(dir, 'never-rewritten.pdf')), false);
});
