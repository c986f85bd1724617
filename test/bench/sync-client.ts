// Child process of the sync bench, so its peak RSS and CPU are the client's alone. Bundled by sync-bench.ts.
// Usage: node sync-client.cjs upload ENROLMENT.json WORK_DIR FILE     → "encryptMs uploadMs"
//        node sync-client.cjs interrupt ENROLMENT.json WORK_DIR FILE  → seals, stops after the first chunk is stored
//        node sync-client.cjs resume ENROLMENT.json WORK_DIR FILE     → "loadedMs loginMs vaultMs passMs totalMs" to the first resumed chunk
//        node sync-client.cjs requests ENROLMENT.json COUNT           → "signedPerSecond unsignedPerSecond tokenSignMs"
// (SEALDESK_PKCS11_MODULE, SOFTHSM2_CONF, SEALDESK_PIN, SEALDESK_TOKEN set)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChangesResponseSchema, CENTER_ROUTES } from '../../shared/center/index.ts';
import { CenterEnrolmentSchema, type CenterEnrolment } from '../../shared/model/center-link.ts';
import { CenterLink, fileParts, Outbox, SyncService, type SyncProgress } from '../../electron/services/sync/index.ts';
import { TokenService, type Signer } from '../../electron/services/token/index.ts';
import { passphraseWrapper, Vault } from '../../electron/services/vault/index.ts';

async function unitSigner(enrolment: CenterEnrolment): Promise<{ tokens: TokenService; signer: Signer }> {
  const tokens = await TokenService.open(process.env['SEALDESK_PKCS11_MODULE'] ?? '');
  const serial = process.env['SEALDESK_TOKEN'] ?? '';
  await tokens.login(serial, process.env['SEALDESK_PIN'] ?? '');
  return { tokens, signer: await tokens.signerFor(serial, enrolment.unitCertificate) };
}

/** The client as `sealdesk sync` builds it, over a work folder that outlives the process. */
function syncClient(enrolment: CenterEnrolment, work: string, file: string, signer: Signer, onProgress: (p: SyncProgress) => void) {
  const vault = new Vault(join(work, 'vault'), passphraseWrapper('sync bench passphrase'));
  const outbox = new Outbox(vault);
  const sync = new SyncService({
    outbox,
    vault,
    spoolDir: join(work, 'spool'),
    enrolment: () => enrolment,
    unitSigner: () => Promise.resolve(signer),
    partsOf: () => Promise.resolve(fileParts(file, 'document.pdf')),
    onProgress,
  });
  return { outbox, sync };
}

async function upload(enrolment: CenterEnrolment, work: string, file: string, stopAfterFirstChunk: boolean): Promise<string> {
  const { tokens, signer } = await unitSigner(enrolment);
  // Exits as a killed client would: the outbox already holds the upload's URL, the center the first chunk.
  const onProgress = ({ sent }: SyncProgress) => (stopAfterFirstChunk && sent > 0 ? process.exit(0) : undefined);
  const { outbox, sync } = syncClient(enrolment, work, file, signer, onProgress);
  const item = outbox.enqueue({ id: `bench-${Date.now()}`, kind: 'document', title: 'bench', source: file });
  const started = performance.now();
  await sync.seal(item, fileParts(file, 'document.pdf'));
  const sealed = performance.now();
  const report = await sync.syncOnce(true);
  if (report.sent.length !== 1) throw new Error(`not sent: ${JSON.stringify(report.failed)}`);
  await tokens.close();
  return `${(sealed - started).toFixed(0)} ${(performance.now() - sealed).toFixed(0)}`;
}

/**
 * Where the time to the first chunk the center stores goes, from this process's start (what `sealdesk
 * sync` costs the user): "loadedMs loginMs vaultMs passMs totalMs".
 */
async function resume(enrolment: CenterEnrolment, work: string, file: string): Promise<string> {
  const started = performance.now();
  const { tokens, signer } = await unitSigner(enrolment);
  const loggedIn = performance.now();
  let firstChunkAt = 0;
  const { outbox, sync } = syncClient(enrolment, work, file, signer, () => (firstChunkAt ||= performance.now()));
  // The vault's key is unwrapped from the passphrase through scrypt on purpose: slow to guess, slow to open.
  outbox.list();
  const syncStarted = performance.now();
  const report = await sync.syncOnce(true);
  if (report.sent.length !== 1) throw new Error(`not resumed: ${JSON.stringify(report.failed)}`);
  await tokens.close();
  return [started, loggedIn - started, syncStarted - loggedIn, firstChunkAt - syncStarted, firstChunkAt]
    .map((ms) => ms.toFixed(0))
    .join(' ');
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
  // The token's own share: one RSA-2048 signature through the token worker, as each request makes.
  const [algorithm = 'rsa-pkcs1-sha256'] = signer.algorithms;
  started = performance.now();
  for (let i = 0; i < count; i++) await signer.sign(Buffer.from(`request ${i}`), algorithm);
  const tokenSignMs = (performance.now() - started) / count;
  await tokens.close();
  return `${signed.toFixed(1)} ${unsigned.toFixed(1)} ${tokenSignMs.toFixed(2)}`;
}

async function main([mode, enrolmentPath = '', ...rest]: string[]): Promise<void> {
  const enrolment = CenterEnrolmentSchema.parse(JSON.parse(readFileSync(enrolmentPath, 'utf8')));
  const [work = '', file = ''] = rest;
  const result =
    mode === 'upload' || mode === 'interrupt'
      ? await upload(enrolment, work, file, mode === 'interrupt')
      : mode === 'resume'
        ? await resume(enrolment, work, file)
        : await requests(enrolment, Number(rest[0] ?? 100));
  process.stdout.write(`${result}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
