// npm run bench (second part): encrypt + upload to the reference center over loopback, against a
// plain `curl -T` copy of the same bytes to a sink on the same loopback and disk (the limit), with
// the floors under it (one core's AES-256-GCM and SHA-256), the cost of signing every request on the
// token (RSA-2048 and EC P-256 unit keys on SoftHSM2), and how soon an interrupted upload resumes.
import { createCipheriv, createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { subscribe } from 'node:diagnostics_channel';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { bundleWithTokenWorker } from '../../build/bundle-node.mjs';
import { ReferenceCenter } from '../../center/index.ts';
import { DEMO_UNIT, provisionDemo } from '../../electron/services/demo/index.ts';
import { enrol, saveEnrolment } from '../../electron/services/sync/index.ts';
import { JsonFileSettingsStore } from '../../electron/services/settings/index.ts';
import { CenterEnrolmentSchema } from '../../shared/model/center-link.ts';
import { TokenService } from '../../electron/services/token/index.ts';
import { passphraseWrapper } from '../../electron/services/vault/index.ts';
import { unitOnNewToken } from '../support/center.ts';
import { row, timed, type Timed } from './measure.ts';

const MB = 1024 * 1024;
const P256_UNIT = '示例市数据资源中心';
/** Parts to run (`upload`, `resume`, `requests`), all by default: `node --import tsx test/bench/sync-bench.ts requests`. */
const parts = process.argv.slice(2);
const runs = (part: string): boolean => parts.length === 0 || parts.includes(part);
/** SYNC_BENCH_PROFILE=DIR: the client processes write V8 CPU profiles there (open them in Chrome's DevTools). */
const profiling = process.env['SYNC_BENCH_PROFILE'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['SYNC_BENCH_PROFILE']}`] : [];
/** SYNC_BENCH_MB=1,100: the submission sizes the upload part runs (1, 100 and 1024 MB by default). */
const sizesMb = (process.env['SYNC_BENCH_MB'] ?? '1,100,1024').split(',').map(Number);
const dir = mkdtempSync(join(tmpdir(), 'sealdesk-sync-bench-'));

/** The first request of each method the center got since the last clear, by the wall clock (which both processes share). */
const centerSawFirst = new Map<string, number>();
subscribe('http.server.request.start', (message) => {
  const method = (message as { request: IncomingMessage }).request.method ?? '';
  if (!centerSawFirst.has(method)) centerSawFirst.set(method, Date.now());
});

const RESUME_ROUNDS = 5;
/** Each size is sent this many times each way, curl and SealDesk taking turns; the best of each is shown. */
const UPLOAD_ROUNDS = 3;
/** The vault passphrase of the bench client's work folders (sync-client.ts). */
const BENCH_PASSPHRASE = 'sync bench passphrase';

async function writeRandomFile(path: string, size: number): Promise<void> {
  const chunk = randomBytes(8 * MB);
  await pipeline(function* () {
    for (let left = size; left > 0; left -= chunk.length) yield chunk.subarray(0, Math.min(left, chunk.length));
  }, createWriteStream(path));
}

/**
 * Where `curl -T` copies to: the request body streamed to a file, as the center's upload store does, a new file
 * each time as the center keeps each upload. Overwriting one file would hand the sink the pages the last copy
 * freed, which this VM writes several times faster than pages new to it (a bench's bias, not a server's).
 */
async function startSink(): Promise<{ url: string; close(): void }> {
  let copies = 0;
  const server = createServer((req, res) => {
    void pipeline(req, createWriteStream(join(dir, `sink-${copies++}.bin`))).then(() => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sink`, close: () => server.close() };
}

const rate = (mb: number, seconds: number): string => `${(mb / seconds).toFixed(0)} MB/s`;

/**
 * MB/s of one core at `work` over 256 MB in the 1 MiB pieces the envelope is encrypted in, fresh output each time as
 * node:crypto gives it; by CPU time, which other jobs on the machine do not stretch.
 */
function oneCore(work: (piece: Buffer) => void): number {
  const piece = randomBytes(MB);
  const started = process.cpuUsage();
  for (let i = 0; i < 256; i++) work(piece);
  return 256 / cpuSeconds(process.cpuUsage(started));
}

const center = await ReferenceCenter.open(join(dir, 'center'));
const sink = await startSink();
try {
  const demo = await provisionDemo(join(dir, 'demo'), { ca: center.authority.ca, onIssued: (der) => center.register(der) });
  const url = await center.listen();
  const tokens = await TokenService.open(demo.modulePath);
  await tokens.login(demo.tokenSerial, demo.pin);
  const enrolment = await enrol({
    url,
    code: center.createEnrolmentCode(DEMO_UNIT),
    signer: await tokens.signerFor(demo.tokenSerial, '单位证书'),
    trustedRoots: [new Uint8Array(center.authority.ca.certificate.rawData)],
  });
  // A second unit whose 单位证书 is EC P-256, on a token of its own, so the two key types are measured side by side.
  const p256Unit = await unitOnNewToken(tokens, center, P256_UNIT);
  const p256Enrolment = await enrol({
    url,
    code: center.createEnrolmentCode(P256_UNIT),
    signer: p256Unit.signer,
    trustedRoots: [new Uint8Array(center.authority.ca.certificate.rawData)],
  });
  await tokens.close();
  const enrolmentPath = join(dir, 'enrolment.json');
  writeFileSync(enrolmentPath, JSON.stringify(enrolment));
  const p256EnrolmentPath = join(dir, 'enrolment-p256.json');
  writeFileSync(p256EnrolmentPath, JSON.stringify(p256Enrolment));
  const env = {
    SEALDESK_PKCS11_MODULE: demo.modulePath,
    SOFTHSM2_CONF: demo.softhsmConf,
    SEALDESK_PIN: demo.pin,
    SEALDESK_TOKEN: demo.tokenSerial,
  };
  const bundleDir = fileURLToPath(new URL('../../dist/bench', import.meta.url));
  // Built as the CLI is (build/build-cli.mjs), so it can run from V8's code cache as `sealdesk` does.
  await bundleWithTokenWorker({ 'sync-client': fileURLToPath(new URL('./sync-client.ts', import.meta.url)) }, bundleDir, {
    supported: { 'dynamic-import': false },
  });
  const client = join(bundleDir, 'sync-client.cjs');

  if (runs('upload')) await uploads(client, enrolmentPath, env);
  if (runs('resume')) await resume(client, enrolmentPath, env, [demo.tokenSerial, p256Unit.serial]);
  if (runs('requests')) {
    await requests(client, enrolmentPath, env, 'RSA-2048');
    await requests(client, p256EnrolmentPath, { ...env, SEALDESK_TOKEN: p256Unit.serial, SEALDESK_PIN: p256Unit.pin }, 'EC P-256');
  }
} finally {
  sink.close();
  await center.close();
  rmSync(dir, { recursive: true, force: true });
}

type ClientEnv = Record<string, string>;

async function uploads(client: string, enrolmentPath: string, env: ClientEnv): Promise<void> {
  process.stdout.write(
    `\nSubmission to the reference center over loopback (AES-256-GCM envelope encrypted as it is sent, tus 8 MB signed chunks), whole client process; ` +
      `best of ${UPLOAD_ROUNDS} each, curl and SealDesk taking turns, the disk synced before each\n\n`,
  );
  row([
    'size',
    'curl -T (limit)',
    'seal (keys only)',
    'encrypt + upload',
    'of curl',
    'client peak RSS',
    'CPU client/center',
    'CPU ms/MB ours/curl',
  ]);
  let cpuPerMb = { ours: 0, curl: 0, sink: 0 };
  for (const mb of sizesMb) {
    const file = join(dir, `submission-${mb}.bin`);
    await writeRandomFile(file, mb * MB);
    let bestCopy: { copy: Timed; sinkSeconds: number } | null = null;
    let bestOurs: { ours: Timed; centerSeconds: number; seconds: number } | null = null;
    for (let round = 0; round < UPLOAD_ROUNDS; round++) {
      // Each transfer starts with the disk caught up: the gigabytes the others left dirty would otherwise be written
      // back by the kernel meanwhile, on the same two cores, halving whichever transfer runs last.
      execFileSync('sync');
      const sinkCpu = process.cpuUsage();
      const copy = await timed('curl', ['-sS', '-T', file, sink.url]);
      const sinkSeconds = cpuSeconds(process.cpuUsage(sinkCpu));
      execFileSync('sync');
      const centerCpu = process.cpuUsage();
      const ours = await timed(
        process.execPath,
        [...profiling, client, 'upload', enrolmentPath, join(dir, `client-${mb}-${round}`), file],
        env,
      );
      const centerSeconds = cpuSeconds(process.cpuUsage(centerCpu));
      const [sealMs = 0, sendMs = 0] = ours.stdout.trim().split(' ').map(Number);
      const seconds = (sealMs + sendMs) / 1000;
      if (bestCopy === null || copy.seconds < bestCopy.copy.seconds) bestCopy = { copy, sinkSeconds };
      if (bestOurs === null || seconds < bestOurs.seconds) bestOurs = { ours, centerSeconds, seconds };
    }
    if (bestCopy === null || bestOurs === null) continue;
    const { copy, sinkSeconds } = bestCopy;
    const { ours, centerSeconds, seconds } = bestOurs;
    const [sealMs = 0] = ours.stdout.trim().split(' ').map(Number);
    cpuPerMb = {
      ours: ((ours.cpuSeconds + centerSeconds) * 1000) / mb,
      curl: (copy.cpuSeconds * 1000) / mb,
      sink: (sinkSeconds * 1000) / mb,
    };
    row([
      `${mb} MB`,
      rate(mb, copy.seconds),
      `${sealMs.toFixed(0)} ms`,
      rate(mb, seconds),
      `${((copy.seconds / seconds) * 100).toFixed(0)} %`,
      `${ours.peakMb.toFixed(0)} MB`,
      `${ours.cpuSeconds.toFixed(1)} s/${centerSeconds.toFixed(1)} s`,
      `${cpuPerMb.ours.toFixed(1)}/${(cpuPerMb.curl + cpuPerMb.sink).toFixed(1)}`,
    ]);
    rmSync(file);
  }
  const gcm = createCipheriv('aes-256-gcm', randomBytes(32), randomBytes(12));
  const sha256 = createHash('sha256');
  const [gcmRate, shaRate] = [oneCore((piece) => gcm.update(piece)), oneCore((piece) => sha256.update(piece))];
  // Per MB the client encrypts once and hashes once (the chunk's Content-Digest, which is also its block of the
  // digest the submission names), the center hashes once (the same digest, checked). Besides, the client reads and
  // sends every byte as curl does, and the center receives and writes it as the sink does: their CPU per MB is the
  // least each side also spends.
  const clientFloorMs = 1000 / gcmRate + 1000 / shaRate;
  const centerFloorMs = 1000 / shaRate;
  const { curl, sink: sinkMs } = cpuPerMb;
  const idleShare = Math.max(curl, sinkMs) / Math.max(curl + clientFloorMs, sinkMs + centerFloorMs);
  const sharedShare = (curl + sinkMs) / (curl + sinkMs + clientFloorMs + centerFloorMs);
  process.stdout.write(
    `Floors, by CPU time on one core of this machine: AES-256-GCM ${gcmRate.toFixed(0)} MB/s, SHA-256 ${shaRate.toFixed(0)} MB/s, ` +
      `so the client's cryptography takes ${clientFloorMs.toFixed(2)} ms per MB and the center's ${centerFloorMs.toFixed(2)} ms, ` +
      `on top of what curl (${curl.toFixed(2)} ms) and the sink (${sinkMs.toFixed(2)} ms) spend per MB moving the same bytes (last row).\n` +
      `Best case against curl: ${(idleShare * 100).toFixed(0)} % with a free core for each side (the slower side sets the pace), ` +
      `${(sharedShare * 100).toFixed(0)} % with the cores shared by other work (throughput then follows CPU per byte; ` +
      `${(((curl + sinkMs) / cpuPerMb.ours) * 100).toFixed(0)} % at the CPU the last row took). Load average now: ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')} on ${availableParallelism()} cores\n`,
  );
}

function cpuSeconds({ user, system }: NodeJS.CpuUsage): number {
  return (user + system) / 1e6;
}

async function resume(client: string, enrolmentPath: string, env: ClientEnv, tokenSerials: string[]): Promise<void> {
  const resumeFile = join(dir, 'resumed.bin');
  await writeRandomFile(resumeFile, 100 * MB);
  // As the CLI starts: from V8's code cache (its own folder here), which the first interrupted run fills as a first `sealdesk sync` would.
  const cached = [fileURLToPath(new URL('./with-code-cache.mjs', import.meta.url)), client, 'sync'];
  const cacheEnv = { ...env, XDG_CACHE_HOME: join(dir, 'cache') };
  let best: { fields: string[]; headMs: number; patchMs: number; load: string } | null = null;
  for (let round = 0; round < RESUME_ROUNDS; round++) {
    const resumeWork = join(dir, `client-resume-${round}`);
    await timed(process.execPath, [...cached, 'interrupt', enrolmentPath, resumeWork, resumeFile], cacheEnv);
    centerSawFirst.clear();
    const resumed = await timed(process.execPath, [...profiling, ...cached, 'resume', enrolmentPath, resumeWork, resumeFile], cacheEnv);
    const fields = resumed.stdout.trim().split(' ');
    // From the process's start, through the wall-clock time the client saw the chunk stored.
    const sinceStart = (wallClock: number | undefined) => Number(fields[5]) - (Number(fields[6]) - (wallClock ?? NaN));
    const round_ = {
      fields,
      headMs: sinceStart(centerSawFirst.get('HEAD')),
      patchMs: sinceStart(centerSawFirst.get('PATCH')),
      load: readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?',
    };
    if (best === null || round_.patchMs < best.patchMs) best = round_;
  }
  let nodeMs = Infinity;
  for (let i = 0; i < 3; i++) nodeMs = Math.min(nodeMs, (await timed(process.execPath, ['-e', '0'])).seconds * 1000);
  const [loaded = '0', login = '0', vault = '0', ready = '0', , stored = '0'] = best?.fields ?? [];
  process.stdout.write(
    `\nResuming a 100 MB upload stopped after its first chunk, as \`sealdesk sync\` does (best of ${RESUME_ROUNDS} by the first resumed byte, load ${best?.load}): ` +
      `the first resumed byte (the chunk's PATCH) reaches the center ${best?.patchMs.toFixed(0)} ms after the process starts\n` +
      `  Node and the client loaded: ${loaded} ms (of which Node itself, \`node -e 0\` whole, best of 3: ${nodeMs.toFixed(0)} ms)\n` +
      `  token opened and logged in: ${login} ms, while the vault's key is unwrapped (scrypt, on the thread pool): ${vault} ms; both ready at ${Number(loaded) + Number(ready)} ms\n` +
      `  the center sees the signed HEAD for the offset at ${best?.headMs.toFixed(0)} ms, the PATCH at ${best?.patchMs.toFixed(0)} ms (the 8 MB chunk read, hashed and signed between), ` +
      `and has stored the chunk at ${stored} ms\n`,
  );
  const cli = await cliResume(resumeFile, enrolmentPath, cached, cacheEnv, tokenSerials);
  process.stdout.write(
    `  the same through \`sealdesk sync --once\` itself (dist/cli from its code cache, the command's whole module graph, best of ${RESUME_ROUNDS}, load ${cli.load}): ` +
      `the first resumed byte reaches the center ${cli.patchMs.toFixed(0)} ms after the command is started\n`,
  );
  const scryptMs = bestOf(5, () => passphraseWrapper(BENCH_PASSPHRASE).wrap(randomBytes(32)));
  const chunk = randomBytes(8 * MB);
  const digestMs = bestOf(5, () => createHash('sha256').update(chunk).digest());
  process.stdout.write(
    `  the floor, what must happen one after the other before that PATCH can leave: Node's start (\`node -e 0\`) ${nodeMs.toFixed(0)} ms ` +
      `+ the vault's scrypt on a free core ${scryptMs.toFixed(0)} ms + the 8 MB chunk's SHA-256 for its signed Content-Digest ${digestMs.toFixed(0)} ms ` +
      `= ${(nodeMs + scryptMs + digestMs).toFixed(0)} ms (each the best of its runs), before the bundle's own load and the signed HEAD's round trip; ` +
      `for \`sealdesk sync\`, whose scrypt starts once the CLI is loaded (\`sealdesk --help\` whole, best of 4: ${cli.startMs.toFixed(0)} ms), ` +
      `${(cli.startMs + scryptMs + digestMs).toFixed(0)} ms\n`,
  );
}

/**
 * The resume as a user runs it: the bench client stops an upload after its first chunk in a data folder laid out as
 * the CLI's (vault/, spool/, settings.json with the enrolment), then `sealdesk sync --once` resumes it there.
 */
async function cliResume(
  resumeFile: string,
  enrolmentPath: string,
  cached: string[],
  cacheEnv: ClientEnv,
  tokenSerials: string[],
): Promise<{ patchMs: number; load: string; startMs: number }> {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../build/build-cli.mjs', import.meta.url))], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    stdio: 'inherit',
  });
  const enrolment = CenterEnrolmentSchema.parse(JSON.parse(readFileSync(enrolmentPath, 'utf8')));
  const sealdesk = fileURLToPath(new URL('../../bin/sealdesk.mjs', import.meta.url));
  let best = { patchMs: Infinity, load: '?' };
  for (let round = 0; round < RESUME_ROUNDS; round++) {
    const home = join(dir, `cli-home-${round}`);
    const store = new JsonFileSettingsStore(join(home, 'settings.json'));
    saveEnrolment(store, enrolment);
    // The `sealdesk sync` that was stopped had already seen the tokens (their PIN history's first sighting, an fsynced
    // settings write a resumed sync does not make again).
    store.write({ ...store.read(), pinChanges: Object.fromEntries(tokenSerials.map((serial) => [serial, new Date().toISOString()])) });
    await timed(process.execPath, [...cached, 'interrupt', enrolmentPath, home, resumeFile], cacheEnv);
    centerSawFirst.clear();
    const started = Date.now();
    await timed(process.execPath, [...profiling, sealdesk, 'sync', '--once'], {
      ...cacheEnv,
      SEALDESK_HOME: home,
      SEALDESK_PASSPHRASE: BENCH_PASSPHRASE,
    });
    const patchMs = (centerSawFirst.get('PATCH') ?? NaN) - started;
    if (patchMs < best.patchMs) best = { patchMs, load: readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?' };
  }
  // The CLI's own start, before any command runs: Node, the bundle from its code cache (the first run fills it), main's modules.
  let startMs = Infinity;
  for (let i = 0; i < 4; i++) startMs = Math.min(startMs, (await timed(process.execPath, [sealdesk, '--help'], cacheEnv)).seconds * 1000);
  return { ...best, startMs };
}

/** The shortest of `times` runs of `work`, in ms. */
function bestOf(times: number, work: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    work();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

async function requests(client: string, enrolmentPath: string, env: ClientEnv, unitKey: 'RSA-2048' | 'EC P-256'): Promise<void> {
  const measured = await timed(process.execPath, [...profiling, client, 'requests', enrolmentPath, '200'], env);
  const [session = 0, token = 0, unsigned = 0, tokenSignMs = 0, sessionCpuMs = 0, tokenCpuMs = 0, unsignedCpuMs = 0, firstMs = 0] =
    measured.stdout.trim().split(' ').map(Number);
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  const more = (perSecond: number): string => `${(1000 / perSecond - 1000 / unsigned).toFixed(2)} ms`;
  process.stdout.write(
    `Requests per second, one at a time, unit key ${unitKey} (load ${load}): ${session}/s signed with the session key (HMAC-SHA256) and verified, ` +
      `${token}/s signed on the token (SoftHSM2), ${unsigned}/s unsigned (GET /v1/openapi.json, the same HTTP client)\n` +
      `  signed in the session: ${more(session)} more per request (aim: under 1 ms); on the token: ${more(token)} more, of which its signature takes ` +
      `${tokenSignMs} ms (floor: one signature in OpenSSL, which SoftHSM2 calls, ${opensslSignMs(unitKey).toFixed(2)} ms); ` +
      `the session's first request, which registers it with one token signature, took ${firstMs.toFixed(1)} ms\n` +
      `  the client's CPU per request (its token thread and SoftHSM2 included; the center's not): ${sessionCpuMs.toFixed(2)} ms in the session, ` +
      `${tokenCpuMs.toFixed(2)} ms on the token, ${unsignedCpuMs.toFixed(2)} ms unsigned: the figures a busy machine does not inflate\n`,
  );
}

/** One signature of a short request in OpenSSL with a key of that type, as SoftHSM2 makes it: the token's floor. */
function opensslSignMs(unitKey: 'RSA-2048' | 'EC P-256'): number {
  const { privateKey } =
    unitKey === 'RSA-2048' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const started = performance.now();
  for (let i = 0; i < 200; i++) sign('sha256', Buffer.from(`request ${i}`), privateKey);
  return (performance.now() - started) / 200;
}
