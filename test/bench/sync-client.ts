// Child process of the sync bench, so its peak RSS and CPU are the client's alone. Bundled by sync-bench.ts.
// Usage: node sync-client.cjs upload ENROLMENT.json WORK_DIR FILE     → "encryptMs uploadMs"
//        node sync-client.cjs interrupt ENROLMENT.json WORK_DIR FILE  → seals, stops after the first chunk is stored
//        node sync-client.cjs resume ENROLMENT.json WORK_DIR FILE     → "loadedMs loginMs vaultMs bothReadyMs passMs totalMs storedAtMs" to the first resumed chunk
//                                                                        (storedAtMs: when it was stored, by the wall clock the center shares)
//        node sync-client.cjs requests ENROLMENT.json COUNT           → see requests()
// (SEALDESK_PKCS11_MODULE, SOFTHSM2_CONF, SEALDESK_PIN, SEALDESK_TOKEN set)
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { ChangesResponseSchema, CENTER_ROUTES } from '../../shared/center/index.ts';
import { CenterEnrolmentSchema, type CenterEnrolment } from '../../shared/model/center-link.ts';
import { CenterLink, fileParts, Outbox, SyncService, type SyncProgress } from '../../electron/services/sync/index.ts';
import { httpSignatureAlgorithm } from '../../electron/services/httpsig/index.ts';
import { TokenService, type Signer } from '../../electron/services/token/index.ts';
import { passphraseWrapper, Vault } from '../../electron/services/vault/index.ts';

/** `thread`: the CLI runs the token on its own thread ('caller'), the apps in a worker. */
async function unitSigner(
  enrolment: CenterEnrolment,
  thread: 'caller' | 'worker' = 'caller',
): Promise<{ tokens: TokenService; signer: Signer }> {
  const tokens = await TokenService.open(process.env['SEALDESK_PKCS11_MODULE'] ?? '', { thread });
  const serial = process.env['SEALDESK_TOKEN'] ?? '';
  await tokens.login(serial, process.env['SEALDESK_PIN'] ?? '');
  return { tokens, signer: await tokens.signerFor(serial, enrolment.unitCertificate) };
}

const vaultIn = (work: string): Promise<Vault> => Vault.open(join(work, 'vault'), passphraseWrapper('sync bench passphrase'));

/** The client as `sealdesk sync` builds it, over a work folder that outlives the process. */
function syncClient(vault: Vault, enrolment: CenterEnrolment, file: string, signer: Signer, onProgress: (p: SyncProgress) => void) {
  const outbox = new Outbox(vault);
  const sync = new SyncService({
    outbox,
    vault,
    spoolDir: join(vault.dir, '..', 'spool'),
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
  const { outbox, sync } = syncClient(await vaultIn(work), enrolment, file, signer, onProgress);
  const item = outbox.enqueue({ id: `bench-${Date.now()}`, kind: 'document', title: 'bench', source: file });
  const started = performance.now();
  await sync.seal(item, fileParts(file, 'document.pdf'));
  const sealed = performance.now();
  const report = await sync.syncOnce(true);
  if (report.sent.length !== 1) throw new Error(`not sent: ${JSON.stringify(report.failed)}`);
  await tokens.close();
  return `${(sealed - started).toFixed(0)} ${(performance.now() - sealed).toFixed(0)}`;
}

/** When `work` started and how long it took, in ms since this process started. */
async function timedStep<T>(work: Promise<T>): Promise<{ value: T; ms: number; at: number }> {
  const started = performance.now();
  const value = await work;
  return { value, ms: performance.now() - started, at: performance.now() };
}

/**
 * Where the time to the first chunk the center stores goes, from this process's start (what `sealdesk
 * sync` costs the user), as `sealdesk sync` runs it: the vault's scrypt on the thread pool while the
 * token logs in. "loadedMs loginMs vaultMs bothReadyMs passMs totalMs storedAtMs".
 */
async function resume(enrolment: CenterEnrolment, work: string, file: string): Promise<string> {
  const started = performance.now();
  const opening = timedStep(vaultIn(work));
  const login = await timedStep(unitSigner(enrolment));
  const vault = await opening;
  const ready = Math.max(login.at, vault.at);
  // tus reports the offset it resumes from as it hands the chunk to the request; the next report is that chunk stored.
  let resumedFrom: number | null = null;
  let storedMs = 0;
  let storedAt = 0;
  const { tokens, signer } = login.value;
  const { sync } = syncClient(vault.value, enrolment, file, signer, ({ sent }) => {
    if (resumedFrom === null) resumedFrom = sent;
    else if (sent > resumedFrom && storedMs === 0) [storedMs, storedAt] = [performance.now(), Date.now()];
  });
  const report = await sync.syncOnce(true);
  if (report.sent.length !== 1) throw new Error(`not resumed: ${JSON.stringify(report.failed)}`);
  await tokens.close();
  return [started, login.ms, vault.ms, ready - started, storedMs - ready, storedMs, storedAt].map((ms) => ms.toFixed(0)).join(' ');
}

const ROUNDS = 5;

interface Rate {
  perSecond: number;
  /** CPU of this whole process (the token's thread and module included) per request: what the load on a shared machine does not inflate. */
  cpuMs: number;
}

/** `request` made `count` times one at a time. */
async function rate(request: () => Promise<unknown>, count: number): Promise<Rate> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) await request();
  const { user, system } = process.cpuUsage(cpu);
  return { perSecond: count / ((performance.now() - started) / 1000), cpuMs: (user + system) / 1000 / count };
}

const best = (a: Rate, b: Rate): Rate => ({ perSecond: Math.max(a.perSecond, b.perSecond), cpuMs: Math.min(a.cpuMs, b.cpuMs) });

/** A GET with nothing signed, over node:http as the link sends: the baseline a signed request is compared with. */
const plainGet = (url: URL): Promise<void> =>
  new Promise((resolve, reject) => {
    get(url, (response) => response.resume().once('end', resolve).once('error', reject)).once('error', reject);
  });

/**
 * Requests signed with the session key, signed on the token, and unsigned, in alternating rounds, the best
 * round of each kept: on a shared machine other work only ever slows a round down.
 * "sessionPerSecond tokenPerSecond unsignedPerSecond tokenSignMs sessionCpuMs tokenCpuMs unsignedCpuMs firstSessionRequestMs".
 */
async function requests(enrolment: CenterEnrolment, count: number): Promise<string> {
  const { tokens, signer } = await unitSigner(enrolment, 'worker');
  const centerCertificate = new Uint8Array(Buffer.from(enrolment.signingCertificate, 'base64'));
  const link = (sessions: boolean) => new CenterLink({ baseUrl: enrolment.url, signer, centerCertificate, sessions });
  const route = CENTER_ROUTES.changes;
  const changes = (via: CenterLink) => () => via.call(route.method, `${route.path}?after=0`, null, ChangesResponseSchema);
  const [inSession, onToken] = [changes(link(true)), changes(link(false))];
  const unsigned = () => plainGet(new URL('/v1/openapi.json', enrolment.url));
  // The session's first request registers it: one request signed on the token before its own.
  const started = performance.now();
  await inSession();
  const firstSessionRequestMs = performance.now() - started;
  const none: Rate = { perSecond: 0, cpuMs: Infinity };
  let [session, token, plain] = [none, none, none];
  for (let round = 0; round < ROUNDS; round++) {
    session = best(session, await rate(inSession, Math.ceil(count / ROUNDS)));
    token = best(token, await rate(onToken, Math.ceil(count / ROUNDS)));
    plain = best(plain, await rate(unsigned, Math.ceil(count / ROUNDS)));
  }
  // The token's own share: one signature through the token worker, with the algorithm each request is signed with.
  const [, algorithm] = httpSignatureAlgorithm(signer);
  const tokenSignMs = 1000 / (await rate(() => signer.sign(Buffer.from('request'), algorithm), count)).perSecond;
  await tokens.close();
  return [session.perSecond, token.perSecond, plain.perSecond, tokenSignMs, session.cpuMs, token.cpuMs, plain.cpuMs, firstSessionRequestMs]
    .map((n) => n.toFixed(2))
    .join(' ');
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
