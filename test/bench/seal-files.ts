// Child process of the bench: seals every input with one login, as many at once as a batch in the app, printing per-file milliseconds.
// Usage: node seal-files.cjs OUT_DIR IN.pdf… (bundled by seal-bench.ts)  (SEALDESK_PKCS11_MODULE, SOFTHSM2_CONF, SEALDESK_PIN, SEALDESK_TOKEN set)
import { basename, join } from 'node:path';
import { mapConcurrently } from '../../electron/services/platform/index.ts';
import { addSignatureField, pageAt, PdfDocument, signPdf } from '../../electron/services/pdf/index.ts';
import { BATCH_CONCURRENCY, DEFAULT_SEAL_MM, ImpressionStore } from '../../electron/services/seal/index.ts';
import { impressionForm, sliceAppearance } from '../../electron/services/seal/appearance.ts';
import { TokenService } from '../../electron/services/token/index.ts';

async function main(outDir: string, inputs: string[]): Promise<void> {
  const tokens = await TokenService.open(process.env['SEALDESK_PKCS11_MODULE'] ?? '');
  const serial = process.env['SEALDESK_TOKEN'] ?? '';
  await tokens.login(serial, process.env['SEALDESK_PIN'] ?? '');
  const { certificate } = await tokens.certificateDer(serial, '电子印章');
  const store = new ImpressionStore(join(outDir, 'impressions'));
  store.ensureDemo(certificate.fingerprintSha256, '示例市大数据管理局');
  const impression = store.load(certificate.fingerprintSha256, 'seal');
  const signer = await tokens.signerFor(serial, '电子印章');
  await mapConcurrently(inputs, BATCH_CONCURRENCY, async (input) => {
    const started = performance.now();
    const document = PdfDocument.open(input);
    await signPdf(document, {
      output: join(outDir, `sealed-${basename(input)}`),
      overwrite: true,
      signer,
      prepare(update, contentsSize) {
        const page = pageAt(document, 0);
        const form = impressionForm(update, impression);
        const size = (DEFAULT_SEAL_MM * 72) / 25.4;
        const appearance = sliceAppearance(update, form, {
          widthPt: size,
          heightPt: size,
          rotate: 0,
          fullWidthPt: size,
          offsetFraction: 0,
        });
        addSignatureField(update, {
          fieldPrefix: 'Seal',
          widgets: [{ page, rect: [300, 100, 300 + size, 100 + size], appearance }],
          reason: '盖章',
          signerName: 'bench',
          signingTime: new Date(),
          contentsSize,
          modification: { kind: 'none' },
          appVersion: 'bench',
        });
      },
    });
    document.close();
    process.stdout.write(`${basename(input)} ${(performance.now() - started).toFixed(1)}\n`);
  });
  await tokens.close();
}

// Bundled to CJS by the bench (as the app ships), so no top-level await.
const [outDir = '.', ...inputs] = process.argv.slice(2);
main(outDir, inputs).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
