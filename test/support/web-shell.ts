import { spawn, type ChildProcess } from 'node:child_process';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { webShellIsCurrent } from '../../build/build-web.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningShell {
  url: string;
  origin: string;
  secret: string;
  process: ChildProcess;
}

/**
 * Starts the web shell the way `npm start` does (its bundle), with its own data directory, once `prepared` (what the
 * test puts in that directory first) has resolved. Call at module scope: it stops after the file.
 */
export function startWebShellProcess(
  home: string,
  env: NodeJS.ProcessEnv = {},
  prepared: Promise<unknown> = Promise.resolve(),
): Promise<RunningShell> {
  let child: ChildProcess | null = null;
  after(() => child?.kill('SIGTERM'));
  return prepared.then(() => {
    const started = spawnWebShell(home, env);
    child = started.child;
    return started.ready;
  });
}

/** The web shell started outside a test file (the bench): the caller stops `child`. */
export function spawnWebShell(home: string, env: NodeJS.ProcessEnv = {}): { child: ChildProcess; ready: Promise<RunningShell> } {
  // Test files run side by side: one building the bundle while another starts it would start half a file.
  if (!webShellIsCurrent()) throw new Error('dist/web is missing or older than the sources: run `npm run build` first');
  const child = spawn(process.execPath, ['bin/web-shell.mjs'], {
    cwd: ROOT,
    env: { ...process.env, SEALDESK_HOME: home, SEALDESK_NO_BROWSER: '1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<RunningShell>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /SEALDESK_URL=(\S+)/.exec(output);
      if (match?.[1] === undefined) return;
      const url = new URL(match[1]);
      resolve({ url: match[1], origin: url.origin, secret: new URLSearchParams(url.hash.slice(1)).get('secret') ?? '', process: child });
    });
    child.once('exit', (code) => reject(new Error(`web shell exited with ${code}: ${output}`)));
  });
  return { child, ready };
}
