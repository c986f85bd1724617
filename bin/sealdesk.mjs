#!/usr/bin/env node
// The shipped CLI is the bundle `npm run build` makes (dist/cli), run in this process from V8's code
// cache (code-cache.mjs). Until it exists, or while a source is newer than it, the TypeScript sources
// run through tsx instead, so `npx sealdesk` works in a fresh clone with no build step and never runs
// stale code during development.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireWithCodeCache } from './code-cache.mjs';
import { newestChange } from './newest-change.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'dist', 'cli', 'sealdesk.cjs');
/** What the bundle is built from; an installed package has none of them. */
const SOURCES = ['electron', 'shared', 'center', 'package-lock.json'].map((path) => join(root, path));

function bundleIsCurrent() {
  return existsSync(bundle) && newestChange(SOURCES) <= statSync(bundle).mtimeMs;
}

if (bundleIsCurrent()) {
  requireWithCodeCache(bundle, process.argv[2]);
} else {
  // A child process (not an in-process register) lets worker threads load the sources too.
  const cli = join(root, 'electron', 'cli', 'main.ts');
  const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), cli, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
