import { spawn } from 'node:child_process';

export interface Timed {
  seconds: number;
  peakMb: number;
  /** User + system CPU seconds: what the work costs, whatever else the machine is busy with. */
  cpuSeconds: number;
  stdout: string;
}

/**
 * Wall seconds, peak RSS (MB) and CPU seconds of a whole process, from GNU time. Asynchronous, so that servers in
 * this process (the reference center, the copy sink) keep answering while it runs. `expectFailure`: the
 * process is timed answering an error (a wrong PIN), and a success is what fails.
 */
export function timed(command: string, args: string[], env: NodeJS.ProcessEnv = {}, expectFailure = false): Promise<Timed> {
  const child = spawn('/usr/bin/time', ['-f', '%e %M %U %S', command, ...args], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) =>
    child.once('close', (code) => {
      if ((code !== 0) !== expectFailure) return reject(new Error(`${command} exited ${code}: ${stderr}`));
      const [seconds = '0', kb = '0', user = '0', system = '0'] = stderr.trim().split('\n').at(-1)?.split(' ') ?? [];
      resolve({ seconds: Number(seconds), peakMb: Number(kb) / 1024, cpuSeconds: Number(user) + Number(system), stdout });
    }),
  );
}

export function row(cells: (string | number)[]): void {
  process.stdout.write(`${cells.map((c) => String(c).padEnd(21)).join('')}\n`);
}
