// npm run bench: SealDesk's seal against `mutool sign` and `openssl dgst -sha256` on the same files.
import { execFileSync } from 'node:child_process';
import { bundleWithTokenWorker } from '../../build/bundle-node.mjs';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { provisionDemo } from '../../electron/services/demo/index.ts';
import { addEmptySignatureField, writeTestPdf } from '../support/pdf.ts';
import { row, timed } from './measure.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealdesk-bench-'));
const child = fileURLToPath(new URL('./seal-files.ts', import.meta.url));

try {
  const demo = await provisionDemo(join(dir, 'demo'));
  const env = {
    SEALDESK_PKCS11_MODULE: demo.modulePath,
    SOFTHSM2_CONF: demo.softhsmConf,
    SEALDESK_PIN: demo.pin,
    SEALDESK_TOKEN: demo.tokenSerial,
  };
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      join(dir, 'k.pem'),
      '-out',
      join(dir, 'c.pem'),
      '-subj',
      '/CN=bench',
      '-days',
      '2',
    ],
    { stdio: 'ignore' },
  );
  execFileSync('openssl', [
    'pkcs12',
    '-export',
    '-inkey',
    join(dir, 'k.pem'),
    '-in',
    join(dir, 'c.pem'),
    '-out',
    join(dir, 'k.p12'),
    '-passout',
    'pass:bench',
  ]);
  const out = join(dir, 'out');
  mkdirSync(out);
  // Measured as the app ships: one esbuild bundle on plain Node, not TypeScript compiled on the fly.
  // It sits under dist/ so that the external pkcs11js resolves from the project's node_modules.
  const bundleDir = fileURLToPath(new URL('../../dist/bench', import.meta.url));
  await bundleWithTokenWorker({ 'seal-files': child }, bundleDir);
  const bundled = join(bundleDir, 'seal-files.cjs');
  const documents = new Map([1, 50, 200].map((mb) => [mb, join(dir, `doc-${mb}mb.pdf`)]));
  for (const [mb, input] of documents) {
    writeTestPdf(input, 1, mb * 1024 * 1024);
    addEmptySignatureField(input);
  }
  const batch = Array.from({ length: 100 }, (_, i) => join(dir, `batch-${i}.pdf`));
  for (const file of batch) {
    writeTestPdf(file, 1, 1024 * 1024);
    addEmptySignatureField(file);
  }
  // A user's documents are at rest: freshly written ones would be flushed by the first fsync that commits the journal.
  execFileSync('sync');
  // The seal's impression exists for a user; a first run with no documents makes the demo one.
  await timed(process.execPath, [bundled, out], env);
  const mutoolSign = (input: string, output: string): string[] => [
    'sign',
    '-s',
    join(dir, 'k.p12'),
    '-P',
    'bench',
    '-o',
    output,
    input,
    '6',
  ];
  const node = await timed(process.execPath, ['-e', '0']);

  process.stdout.write('SealDesk seal vs mutool sign (P-256 key; SealDesk on SoftHSM2, mutool from a PKCS#12 copy), whole process\n');
  process.stdout.write(`Node itself starts in ${node.seconds.toFixed(2)} s with ${node.peakMb.toFixed(0)} MB (node -e 0).\n\n`);
  row(['file', 'sha256 floor', 'SealDesk (in-process)', 'SealDesk peak RSS', 'mutool sign', 'mutool peak RSS', 'mutool sign + fsync']);
  for (const [mb, input] of documents) {
    const floor = await timed('openssl', ['dgst', '-sha256', input]);
    const ours = await timed(process.execPath, [bundled, out, input], env);
    const inProcess = ours.stdout.trim().split(' ').at(-1);
    const theirs = await timed('mutool', mutoolSign(input, join(out, `mutool-${mb}.pdf`)));
    const durable = join(out, `mutool-durable-${mb}.pdf`);
    const theirsDurable = await timed('sh', ['-c', `mutool "$@" && sync "${durable}"`, 'mutool', ...mutoolSign(input, durable)]);
    row([
      `${mb} MB`,
      `${floor.seconds.toFixed(2)} s`,
      `${ours.seconds.toFixed(2)} s (${inProcess} ms)`,
      `${ours.peakMb.toFixed(0)} MB`,
      `${theirs.seconds.toFixed(2)} s`,
      `${theirs.peakMb.toFixed(0)} MB`,
      `${theirsDurable.seconds.toFixed(2)} s`,
    ]);
  }
  const ours = await timed(process.execPath, [bundled, out, ...batch], env);
  const started = performance.now();
  for (const [i, file] of batch.entries()) execFileSync('mutool', mutoolSign(file, join(out, `m-${i}.pdf`)), { stdio: 'ignore' });
  const mutoolSeconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `\nBatch 100 × 1 MB, one login: SealDesk ${(100 / ours.seconds).toFixed(1)} docs/s (whole process ${ours.seconds.toFixed(2)} s, peak ${ours.peakMb.toFixed(0)} MB); mutool sign once per file ${(100 / mutoolSeconds).toFixed(1)} docs/s\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
