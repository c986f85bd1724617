import '../services/platform/small-young-generation.ts';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DemoCenterRunner } from '../../center/demo.ts';
import { SealDeskApp } from '../services/app/index.ts';
import { shownDemoPin } from '../services/demo/index.ts';
import { AppError, systemErrorCode, toWireError } from '../../shared/errors.ts';
import { errorMessage } from '../../shared/i18n/index.ts';
import { defaultDataDir, environmentLocale } from '../services/platform/index.ts';
import { JsonFileSettingsStore } from '../services/settings/index.ts';
import { startWebShell } from './server.ts';

/** The shell runs from its bundle, dist/web/main.cjs (build/build-web.mjs), beside the built renderer. */
const RENDERER_DIR = join(__dirname, '..', 'renderer');

/** Opens the user's browser when there is a desktop to open it on; a server-only machine just gets the URL. */
function openBrowser(url: string): void {
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env['DISPLAY'] ?? process.env['WAYLAND_DISPLAY']);
  if (!hasDisplay || process.env['SEALDESK_NO_BROWSER'] === '1') return;
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

async function main(): Promise<void> {
  const dataDir = defaultDataDir();
  // Demo mode brings its own resource center, so the whole 申请 → 同步 → 办结 flow works on one machine.
  const demoCenter = new DemoCenterRunner();
  const app = new SealDeskApp({
    shell: 'web',
    dataDir,
    settings: new JsonFileSettingsStore(join(dataDir, 'settings.json')),
    moduleOverride: process.env['SEALDESK_PKCS11_MODULE'] ?? null,
    provisionDemo: (dir) => demoCenter.provision(dir),
  });
  // The port is taken before the token and the demo are opened, so a port in use is said at once.
  const port = Number(process.env['SEALDESK_PORT'] ?? 0);
  const shell = await startWebShell({ app, rendererDir: RENDERER_DIR, port }).catch((error: unknown) => {
    throw systemErrorCode(error) === 'EADDRINUSE' ? new AppError('PORT_IN_USE', { port }, { cause: error }) : error;
  });
  await app.start();
  process.stdout.write(`SealDesk web shell: ${shell.url}\nSEALDESK_URL=${shell.url}\n`);
  if (app.demo !== null) {
    const pin = shownDemoPin(app.demo);
    process.stdout.write(`演示模式 / demo mode${pin === null ? '' : ` — PIN ${pin}`}\n`);
  }
  if (app.demoCenter !== null) process.stdout.write(`演示资源中心 / demo resource center: ${app.demoCenter.url}\n`);
  openBrowser(shell.launchUrl());

  const shutdown = (): void => {
    void shell
      .close()
      .then(() => app.stop())
      .then(() => demoCenter.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

// A bug in one request must not take down the service the user's window depends on.
process.on('uncaughtException', (error) => process.stderr.write(`uncaught: ${error.stack ?? String(error)}\n`));
process.on('unhandledRejection', (reason) => process.stderr.write(`unhandled: ${String(reason)}\n`));

/** A failure to start is said in the user's language, never as a stack. */
void main().catch((error: unknown) => {
  process.stderr.write(`${errorMessage(environmentLocale(), toWireError(error))}\n`);
  process.exit(1);
});
