// The seal as the running app does it: one process that stays up with the services the web shell builds
// (SealDeskApp, the token logged in), called through the same dispatch as the shell's API. seal-bench.ts
// starts it with the demo's environment and sends one request per line on stdin:
// {"method": "documents.seal", "params": {…}}; each answer is one line with the call's wall time and the
// process's peak RSS so far. The PIN comes from the environment; the first line out names the token.
// With `--floor` it only opens the token as the app does (its worker) and logs in, prints the peak RSS and
// exits: the same bundle, every module loaded, none of the app started — what any process of the app costs.
import '../../electron/services/platform/small-young-generation.ts';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { dispatch } from '../../shared/api/dispatch.ts';
import { SealDeskApp } from '../../electron/services/app/index.ts';
import { JsonFileSettingsStore } from '../../electron/services/settings/index.ts';
import { TokenService } from '../../electron/services/token/index.ts';

const peakMb = (): number => process.resourceUsage().maxRSS / 1024;

/** Bundled as CommonJS (seal-service-client.ts), so no top-level await. */
async function serve(): Promise<void> {
  const dataDir = process.env['SEALDESK_HOME'] ?? '';
  const app = new SealDeskApp({
    shell: 'web',
    dataDir,
    settings: new JsonFileSettingsStore(join(dataDir, 'settings.json')),
    moduleOverride: process.env['SEALDESK_PKCS11_MODULE'] ?? null,
  });
  await app.start();
  const tokens = await dispatch(app.handlers, 'tokens.list', {});
  const serial = tokens.ok ? (tokens.result as { serial: string }[])[0]?.serial : undefined;
  const login = await dispatch(app.handlers, 'tokens.login', { serial, pin: process.env['SEALDESK_PIN'] ?? '' });
  if (!login.ok) throw new Error(`login: ${JSON.stringify(login.error)}`);
  process.stdout.write(`${JSON.stringify({ serial, startedMb: peakMb() })}\n`);

  for await (const line of createInterface({ input: process.stdin })) {
    const { method, params } = JSON.parse(line) as { method: string; params: Record<string, unknown> };
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const outcome = await dispatch(app.handlers, method, params);
    const seconds = (performance.now() - started) / 1000;
    const { user, system } = process.cpuUsage(cpuBefore);
    const cpuSeconds = (user + system) / 1e6;
    const failed = !outcome.ok
      ? outcome.error
      : (Array.isArray(outcome.result) ? outcome.result : []).find((o: { error?: unknown }) => o.error);
    process.stdout.write(
      `${JSON.stringify({ seconds, cpuSeconds, peakMb: peakMb(), error: failed ?? null, result: outcome.ok ? outcome.result : null })}\n`,
    );
  }
  await app.stop();
}

async function floor(): Promise<void> {
  const modulesMb = peakMb();
  const tokens = await TokenService.open(process.env['SEALDESK_PKCS11_MODULE'] ?? '');
  const [token] = await tokens.tokens();
  await tokens.login(token?.serial ?? '', process.env['SEALDESK_PIN'] ?? '');
  process.stdout.write(`${JSON.stringify({ modulesMb, floorMb: peakMb() })}\n`);
  await tokens.close();
}

void (process.argv.includes('--floor') ? floor() : serve());
