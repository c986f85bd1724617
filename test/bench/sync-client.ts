// Child process of the sync bench, so its peak RSS is the client's alone. Bundled by sync-bench.ts.
// Usage: node sync-client.cjs upload ENROLMENT.json WORK_DIR FILE  → "encryptMs uploadMs"
//        node sync-client.cjs requests ENROLMENT.json COUNT         → "signedPerSecond unsignedPerSecond"
// (SEALDESK_PKCS11_MODULE, SOFTHSM2_CONF, SEALDESK_PIN, SEALDESK_TOKEN set)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChangesResponseSchema, CENTER_ROUTES } from '../../shared/center/index.ts';
import { CenterEnrolmentSchema, type CenterEnrolment } from '../../shared/model/center-link.ts';
import { CenterLink, fileParts, Outbox, SyncService } from '../../electron/services/sync/index.ts';
import { TokenService, type Signer } from '../../electron/services/token/index.ts';
import { passphraseWrapper, Vault } from '../../electron/services/vault/index.ts';

async function unitSigner(enrolment: CenterEnrolment): Promise<{ tokens: TokenService; signer: Signer }> {
  const tokens = await TokenService.open(process.env['SEALDESK_PKCS11_MODULE'] ?? '');
  const serial = process.env['SEALDESK_TOKEN'] ?? '';
  await tokens.login(serial, process.env['SEALDESK_PIN'] ?? '');
  return { tokens, signer: await tokens.signerFor(serial, enrolment.unitCertificate) };
}

async function upload(enrolment: CenterEnrolment, work: string, file: string): Promise<string> {
  const { tokens, signer } = await unitSigner(enrolment);
  const vault = new Vault(join(work, 'vault'), passphraseWrapper('sync bench passphrase'));
  const outbox = new Outbox(vault);
  const sync = new SyncService({
    outbox,
    vault,
    spoolDir: join(work, 'spool'),
    enrolment: () => enrolment,
    unitSigner: () => Promise.resolve(signer),
    partsOf: () => Promise.resolve(fileParts(file, 'document.pdf')),
  });
  const item = outbox.enqueue({ id: `bench-${Date.now()}`, kind: 'document', title: 'bench', source: file });
  const started = performance.now();
  await sync.seal(item, fileParts(file, 'document.pdf'));
  const sealed = performance.now();
  const report = await sync.syncOnce(true);
  if (report.sent.length !== 1) throw new Error(`not sent: ${JSON.stringify(report.failed)}`);
  await tokens.close();
  return `${(sealed - started).toFixed(0)} ${(performance.now() - sealed).toFixed(0)}`;
}

async function requests(enrolment: CenterEnrolment, count: number): Promise<string> {
  const { tokens, signer } = await unitSigner(enrolment);
  const link = new CenterLink({
    baseUrl: enrolment.url,
    signer,
    centerCertificate: new Uint8Array(Buffer.from(enrolment.signingCertificate, 'base64')),
  });
  const route = CENTER_ROUTES.changes;
  let started = performance.now();
  for (let i = 0; i < count; i++) await link.call(route.method, `${route.path}?after=0`, null, ChangesResponseSchema);
  const signed = count / ((performance.now() - started) / 1000);
  started = performance.now();
  for (let i = 0; i < count; i++) await (await fetch(new URL('/v1/openapi.json', enrolment.url))).arrayBuffer();
  const unsigned = count / ((performance.now() - started) / 1000);
  await tokens.close();
  return `${signed.toFixed(1)} ${unsigned.toFixed(1)}`;
}

async function main([mode, enrolmentPath = '', ...rest]: string[]): Promise<void> {
  const enrolment = CenterEnrolmentSchema.parse(JSON.parse(readFileSync(enrolmentPath, 'utf8')));
  const result =
    mode === 'upload' ? await upload(enrolment, rest[0] ?? '', rest[1] ?? '') : await requests(enrolment, Number(rest[0] ?? 100));
  process.stdout.write(`${result}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
