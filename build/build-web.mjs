// Bundles the web shell (dist/web/main.cjs, its token worker beside it) as the desktop shell is bundled:
// run from the sources under tsx it took twice the memory and longer to start. bin/start.mjs builds it
// whenever it is missing, unfinished or stale, so `npm start` needs no build step; bin/web-shell.mjs runs it.
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestChange } from '../bin/newest-change.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
export const WEB_SHELL_BUNDLE = join(root, 'dist', 'web', 'main.cjs');
/** Written once the bundle is whole, so a build killed half-way is redone rather than run. */
const stamp = join(root, 'dist', '.web-built');
/** What the bundle is built from: the services and shells, the contract, the demo center and the installed packages. */
const SOURCES = ['electron', 'shared', 'center', 'package-lock.json'].map((path) => join(root, path));

/** Whether dist/web is a finished build newer than every source. */
export function webShellIsCurrent() {
  return existsSync(stamp) && newestChange(SOURCES) <= statSync(stamp).mtimeMs;
}

export async function buildWebShell() {
  // Imported here: bin/web-shell.mjs imports this file for the bundle's name, and the shell has no use for esbuild.
  const { bundleWithTokenWorker } = await import('./bundle-node.mjs');
  rmSync(stamp, { force: true });
  await bundleWithTokenWorker({ main: 'electron/web/main.ts' }, join(root, 'dist', 'web'), {
    // Run from V8's code cache, as the CLI is (build/build-cli.mjs says why import() cannot stay).
    supported: { 'dynamic-import': false },
  });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildWebShell();
