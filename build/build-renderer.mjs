// Builds the renderer with Vite (dist/renderer). The stamp is written only once the build has finished,
// so a build killed half-way leaves no stamp and is rebuilt instead of served (bin/start.mjs).
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestChange } from '../bin/newest-change.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'dist', '.renderer-built');
/** What the renderer is built from: its sources, the contract it shares, and the installed packages. */
const SOURCES = ['renderer', 'shared', 'package-lock.json'].map((path) => join(root, path));

/** Whether dist/renderer is a finished build newer than every source. */
export function rendererIsCurrent() {
  return existsSync(stamp) && newestChange(SOURCES) <= statSync(stamp).mtimeMs;
}

async function buildRenderer() {
  // Vite's API rather than its bin: the bin's path is not part of the package's exports (Vite 8).
  const { build } = await import('vite');
  rmSync(stamp, { force: true });
  await build({ configFile: join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildRenderer();
