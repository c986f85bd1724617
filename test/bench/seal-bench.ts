// npm run bench: the seal as the running app does it (a service process that stays up, token logged in,
// through the web shell's API dispatch) and `sealdesk seal` as users run it from the command line (the
// shipped CLI bundle), both on approved documents with the approval check, the usage record and the
// durable write, against `mutool sign` and `openssl dgst -sha256` on the same files; verification of the
// 200 MB file against pdfsig; a 骑缝章 over 1000 pages.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseExports } from '../support/cli.ts';
import { opensslCertificate } from '../support/openssl.ts';
import { addEmptySignatureField, writeTestPdf } from '../support/pdf.ts';
import { DURABLE_COPY_FLOOR } from './durable-copy-floor.ts';
import { row, timed } from './measure.ts';
import { sealServiceFloor, startSealService } from './seal-service-client.ts';

const MB = 1024 * 1024;
const BATCH = 100;
const LONG_PAGES = 1000;
const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sealdesk-bench-'));
const sealdesk = join(root, 'bin', 'sealdesk.mjs');

try {
  // The CLI as it ships: bin/sealdesk.mjs runs the bundle when it is newer than the sources.
  execFileSync(process.execPath, [join(root, 'build', 'build-cli.mjs')], { cwd: root, stdio: 'inherit' });
  // V8's code cache (bin/code-cache.mjs) starts empty here, as on a fresh install.
  const home = { SEALDESK_HOME: join(dir, 'home'), XDG_CACHE_HOME: join(dir, 'cache') };
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}): string =>
    execFileSync(process.execPath, [sealdesk, ...args], { env: { ...process.env, ...home, ...env }, encoding: 'utf8' });
  const env = { ...home, ...parseExports(cli(['demo', 'init', '--dir', join(dir, 'demo')])) };
  cli(['approvers', 'add', '--cert', '个人证书'], env);
  const p12 = makePkcs12();

  /** An approved document carrying an empty signature field: SealDesk adds its own, mutool signs that one. */
  const approvedDocument = (name: string, bytes: number): string => {
    const draft = join(dir, `${name}-draft.pdf`);
    writeTestPdf(draft, 1, bytes);
    addEmptySignatureField(draft);
    const approved = join(dir, `${name}.pdf`);
    cli(['approve', draft, '-o', approved, '--cert', '个人证书'], env);
    return approved;
  };
  const documents = new Map([1, 50, 200].map((mb) => [mb, approvedDocument(`doc-${mb}mb`, mb * MB)]));
  const longDraft = join(dir, 'long-draft.pdf');
  writeTestPdf(longDraft, LONG_PAGES);
  const long = join(dir, 'long.pdf');
  cli(['approve', longDraft, '-o', long, '--cert', '个人证书'], env);
  const one = approvedDocument('batch', MB);
  const batch = Array.from({ length: BATCH }, (_, i) => join(dir, `batch-${i}.pdf`));
  for (const file of batch) copyFileSync(one, file);
  const out = join(dir, 'out');
  mkdirSync(out);
  // A user's documents are at rest: freshly written ones would be flushed by the first fsync that commits the journal.
  execFileSync('sync');
  const placement = '--seal 电子印章 --page last --x 150 --y 200'.split(' ');
  const seal = (inputs: string[], output: string[]): string[] => [sealdesk, 'seal', ...inputs, ...output, ...placement];
  const mutoolSign = (input: string, output: string): string[] => ['sign', '-s', p12, '-P', 'bench', '-o', output, input, '6'];
  // The seal's impression exists for a user; a first seal makes the demo one and fills the code cache.
  const first = await timed(process.execPath, seal([one], ['-o', join(out, 'warm-up.pdf')]), env);
  const node = await timed(process.execPath, ['-e', '0']);
  await timed(process.execPath, [sealdesk, '--help'], home);
  const help = await timed(process.execPath, [sealdesk, '--help'], home);
  const serviceFloor = await sealServiceFloor(env);
  const service = await startSealService(env);
  const sealRequest = (input: string, output: string, crossPage = false): Record<string, unknown> => ({
    serial: service.serial,
    certificate: '电子印章',
    inputs: [input],
    output,
    placement: { page: 'last', xMm: 150, yMm: 200 },
    crossPage,
  });
  // What the app has done before the user's document: the token read, the impression drawn, the code warm.
  await service.call('documents.seal', sealRequest(one, join(out, 'service-warm-up.pdf')));

  process.stdout.write('sealdesk seal vs mutool sign (P-256 key; SealDesk on SoftHSM2, mutool from a PKCS#12 copy), whole process\n');
  process.stdout.write(`Node itself starts in ${node.seconds.toFixed(2)} s with ${node.peakMb.toFixed(0)} MB (node -e 0); `);
  process.stdout.write(`sealdesk --help takes ${help.seconds.toFixed(2)} s with ${help.peakMb.toFixed(0)} MB. `);
  process.stdout.write(
    `The very first seal (1 MB; it also draws the demo impression and fills V8's code cache) took ${first.seconds.toFixed(2)} s.\n\n`,
  );
  process.stdout.write(
    'Node floor: node -e copying the file in the kernel while hashing it, fsync, rename (test/bench/durable-copy-floor.ts): ' +
      'what any Node program that writes the output durably costs, before parsing a PDF or touching the token.\n\n',
  );
  row([
    'file',
    'sha256 floor',
    'Node floor',
    'app seal (service)',
    'service peak RSS',
    'service floor RSS',
    'sealdesk seal',
    'sealdesk peak RSS',
    'mutool sign',
    'mutool peak RSS',
    'mutool sign + fsync',
  ]);
  for (const [mb, input] of documents) {
    const floor = await timed('openssl', ['dgst', '-sha256', input]);
    const nodeFloor = await timed(process.execPath, ['-e', DURABLE_COPY_FLOOR, input, join(out, `floor-${mb}.pdf`)]);
    const inService = await service.call('documents.seal', sealRequest(input, join(out, `service-${mb}.pdf`)));
    const ours = await timed(process.execPath, seal([input], ['-o', join(out, `sealed-${mb}.pdf`)]), env);
    const theirs = await timed('mutool', mutoolSign(input, join(out, `mutool-${mb}.pdf`)));
    const durable = join(out, `mutool-durable-${mb}.pdf`);
    const theirsDurable = await timed('sh', ['-c', `mutool "$@" && sync "${durable}"`, 'mutool', ...mutoolSign(input, durable)]);
    row([
      `${mb} MB`,
      `${floor.seconds.toFixed(2)} s`,
      `${nodeFloor.seconds.toFixed(2)} s`,
      `${inService.seconds.toFixed(2)} s (${inService.cpuSeconds.toFixed(2)} s CPU)`,
      `${inService.peakMb.toFixed(0)} MB`,
      `${serviceFloor.floorMb.toFixed(0)} MB`,
      `${ours.seconds.toFixed(2)} s`,
      `${ours.peakMb.toFixed(0)} MB`,
      `${theirs.seconds.toFixed(2)} s`,
      `${theirs.peakMb.toFixed(0)} MB`,
      `${theirsDurable.seconds.toFixed(2)} s`,
    ]);
  }
  process.stdout.write(
    `\nService peak RSS: the app's service process since it started (${service.startedMb.toFixed(0)} MB once started and logged in, ` +
      'before any document), files sealed smallest first; its CPU seconds (every thread) beside the wall time. Service floor RSS: the same bundle that only opens the token ' +
      `as the app does (its worker) and logs in, nothing started (${serviceFloor.modulesMb.toFixed(0)} MB with its modules loaded, ` +
      `before the token; Node alone ${node.peakMb.toFixed(0)} MB): what any process of the app costs before its first document\n`,
  );

  // At rest again: the copies above are still being written back, and an fsync now would wait for them.
  execFileSync('sync');
  const sealed200 = join(out, 'service-200.pdf');
  const verified = await service.call('documents.verify', { path: sealed200 });
  const verdict = (verified.result as { verdict: string }).verdict;
  const cliVerify = await timed(
    'sh',
    ['-c', '"$@" >/dev/null || [ $? -eq 1 ]', 'verify', process.execPath, sealdesk, 'verify', sealed200],
    env,
  );
  const popplerVerify = await timed('sh', ['-c', '"$@" >/dev/null || true', 'pdfsig', 'pdfsig', sealed200]);
  process.stdout.write(
    `\nVerify the sealed 200 MB file: app (service) ${verified.seconds.toFixed(2)} s (${verdict}, peak ${verified.peakMb.toFixed(0)} MB); ` +
      `sealdesk verify whole process ${cliVerify.seconds.toFixed(2)} s, peak ${cliVerify.peakMb.toFixed(0)} MB; ` +
      `pdfsig ${popplerVerify.seconds.toFixed(2)} s, peak ${popplerVerify.peakMb.toFixed(0)} MB\n`,
  );
  const crossPage = await service.call('documents.seal', sealRequest(long, join(out, 'long-sealed.pdf'), true));
  const cliCrossPage = await timed(
    process.execPath,
    [sealdesk, 'seal', long, '-o', join(out, 'long-cli.pdf'), ...placement, '--cross-page'],
    env,
  );
  process.stdout.write(
    `骑缝章 over ${LONG_PAGES} pages: app (service) ${crossPage.seconds.toFixed(2)} s; ` +
      `sealdesk seal --cross-page whole process ${cliCrossPage.seconds.toFixed(2)} s, peak ${cliCrossPage.peakMb.toFixed(0)} MB\n`,
  );
  await service.close();

  const batchOut = join(out, 'batch');
  mkdirSync(batchOut);
  const ours = await timed(process.execPath, seal(batch, ['--out-dir', batchOut]), env);
  const started = performance.now();
  for (const [i, file] of batch.entries()) execFileSync('mutool', mutoolSign(file, join(out, `m-${i}.pdf`)), { stdio: 'ignore' });
  const mutoolSeconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `\nBatch ${BATCH} × 1 MB, one command and one login: sealdesk seal --out-dir ${(BATCH / ours.seconds).toFixed(1)} docs/s ` +
      `(whole process ${ours.seconds.toFixed(2)} s, peak ${ours.peakMb.toFixed(0)} MB); mutool sign once per file ${(BATCH / mutoolSeconds).toFixed(1)} docs/s\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** mutool signs with a PKCS#12 file; it gets a key of the same kind (P-256) as the demo seal. */
function makePkcs12(): string {
  opensslCertificate(dir, 'ec', '/CN=bench');
  const p12 = join(dir, 'bench.p12');
  execFileSync('openssl', [
    'pkcs12',
    '-export',
    '-inkey',
    join(dir, 'ec.key'),
    '-in',
    join(dir, 'ec.pem'),
    '-out',
    p12,
    '-passout',
    'pass:bench',
  ]);
  return p12;
}
