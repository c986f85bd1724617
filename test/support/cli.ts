import { spawn, spawnSync, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/sealdesk.mjs', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `sealdesk ARGS…` as a user would, with `env` added to this process's environment. */
export function runSealdesk(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `eval "$(sealdesk demo init --dir D)"`: the exported variables as an environment. */
export function parseExports(stdout: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const match of stdout.matchAll(/^export (\w+)='((?:[^']|'\\'')*)'$/gm)) {
    if (match[1] !== undefined) env[match[1]] = (match[2] ?? '').replace(/'\\''/g, "'");
  }
  return env;
}

/**
 * Starts a long-running `sealdesk …` (e.g. `center serve`) in its own process group and resolves
 * once it printed `ready`. bin/sealdesk.mjs may run the CLI in a child (from the sources), so kill it with killGroup.
 */
export function startSealdesk(args: readonly string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<ChildProcess> {
  const child = spawnSealdesk(args, env);
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (ready.test(output)) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`sealdesk ${args.join(' ')} exited ${code}: ${output}`)));
  });
}

/** `sealdesk ARGS…` in its own process group (stop it with killGroup), not waited for. */
export function spawnSealdesk(args: readonly string[], env: NodeJS.ProcessEnv): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
}

/** runSealdesk without blocking this process's event loop (needed when the test itself serves something). */
export function runSealdeskAsync(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** SIGKILL to the whole process group started by startSealdesk: the wrapper and the CLI it runs. */
export function killGroup(child: ChildProcess): void {
  if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
}
