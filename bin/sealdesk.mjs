#!/usr/bin/env node
// The CLI runs from the TypeScript sources through tsx, so `npx sealdesk` works in a fresh clone
// without a build step. A child process (not an in-process register) lets worker threads load too.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../electron/cli/main.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
const result = spawnSync(process.execPath, ['--import', tsx, cli, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
