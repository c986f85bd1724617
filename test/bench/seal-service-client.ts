import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWithTokenWorker } from '../../build/bundle-node.mjs';

export interface ServiceCall {
  seconds: number;
  /** CPU seconds of the whole service process (every thread) during the call: comparable on a busy machine. */
  cpuSeconds: number;
  /** The service process's peak RSS so far (MB): calls are made smallest file first. */
  peakMb: number;
  result: unknown;
}

export interface SealService {
  serial: string;
  /** Peak RSS (MB) once started and logged in, before any document. */
  startedMb: number;
  call(method: string, params: Record<string, unknown>): Promise<ServiceCall>;
  close(): Promise<void>;
}

const SERVICE = fileURLToPath(new URL('./seal-service.ts', import.meta.url));
const BUNDLE_DIR = fileURLToPath(new URL('../../dist/bench', import.meta.url));

/**
 * Starts seal-service.ts with `env` (the demo's module, PIN and data directory) and waits until its token
 * is logged in. `nodeArgs` go to its Node, e.g. `--cpu-prof` to see where a call spends its time. It runs
 * bundled, as the shells run the services: under tsx the same process starts about 100 MB larger
 * (the transpiler and every module's source kept twice), which is not the app's memory.
 */
export async function startSealService(env: NodeJS.ProcessEnv, nodeArgs: readonly string[] = []): Promise<SealService> {
  const { child, next } = await spawnService(env, nodeArgs);
  const { serial, startedMb } = await next<{ serial: string; startedMb: number }>();
  return {
    serial,
    startedMb,
    async call(method, params) {
      child.stdin.write(`${JSON.stringify({ method, params })}\n`);
      const answer = await next<ServiceCall & { error: unknown }>();
      if (answer.error !== null) throw new Error(`${method}: ${JSON.stringify(answer.error)}`);
      return answer;
    },
    close: () => closed(child),
  };
}

export interface ServiceFloor {
  /** Peak RSS (MB) once every module of the service's bundle is loaded, before anything runs. */
  modulesMb: number;
  /** Peak RSS (MB) once the token is also open as the app opens it (in its worker) and logged in. */
  floorMb: number;
}

/** The same bundle run with `--floor`: Node, the service's modules and the token, before SealDeskApp starts or any document. */
export async function sealServiceFloor(env: NodeJS.ProcessEnv): Promise<ServiceFloor> {
  const { child, next } = await spawnService(env, [], ['--floor']);
  const floor = await next<ServiceFloor>();
  await closed(child);
  return floor;
}

async function spawnService(
  env: NodeJS.ProcessEnv,
  nodeArgs: readonly string[],
  args: readonly string[] = [],
): Promise<{ child: ChildProcessByStdio<Writable, Readable, null>; next: <T>() => Promise<T> }> {
  await bundleWithTokenWorker({ 'seal-service': SERVICE }, BUNDLE_DIR);
  const child = spawn(process.execPath, [...nodeArgs, join(BUNDLE_DIR, 'seal-service.cjs'), ...args], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async <T>(): Promise<T> => {
    const line = await lines.next();
    if (line.done === true) throw new Error('the seal service stopped');
    return JSON.parse(line.value) as T;
  };
  return { child, next };
}

function closed(child: ChildProcessByStdio<Writable, Readable, null>): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('close', () => resolve());
    child.stdin.end();
  });
}
