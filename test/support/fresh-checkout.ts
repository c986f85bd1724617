import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './temp.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * This checkout as a fresh clone of it would be: the files git tracks (or would, untracked but not
 * ignored), so no dist/ and nothing else a build or a run leaves; node_modules is hard-linked in
 * (copied where links cannot be made), so nothing is downloaded.
 */
export function freshCheckout(prefix: string): string {
  const dir = tempDir(prefix);
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' });
  for (const file of listed.split('\0').filter((name) => name !== '' && existsSync(join(ROOT, name)))) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(dir, file));
  }
  try {
    execFileSync('cp', ['-al', join(ROOT, 'node_modules'), dir]);
  } catch {
    execFileSync('cp', ['-a', join(ROOT, 'node_modules'), dir]);
  }
  return dir;
}

export interface Started {
  child: ChildProcess;
  url: string;
  /** Everything printed so far, stdout and stderr together. */
  output: () => string;
}

/** `npm start` in `dir` as a user runs it, resolved once it printed the web shell's URL. */
export function npmStart(dir: string, env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn('npm', ['start'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const url = /SEALDESK_URL=(\S+)/.exec(output)?.[1];
      if (url !== undefined) resolve({ child, url, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(Object.assign(new Error(`npm start exited with ${code}:\n${output}`), { code, output })));
  });
}

/** Stops what `npm start` started (npm, the launcher and the web shell: one process group) and waits until all are gone. */
export async function stopStarted({ child }: Started): Promise<void> {
  const group = child.pid;
  if (group === undefined) return;
  signalGroup(group, 'SIGTERM');
  while (signalGroup(group, 0)) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** Whether the group still had a process to signal. */
function signalGroup(group: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-group, signal);
    return true;
  } catch {
    return false;
  }
}
