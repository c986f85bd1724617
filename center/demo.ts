import { createServer } from 'node:net';
import { join } from 'node:path';
import { DEMO_UNIT, provisionDemo, type DemoEnvironment } from '../electron/services/demo/index.ts';
import { describeCertificate } from '../electron/services/pki/index.ts';
import { ReferenceCenter } from './center.ts';
import { readCenterConfig, writeCenterConfig } from './config.ts';

export interface DemoCenter {
  dir: string;
  url: string;
  enrolmentCode: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/**
 * The demo token and a reference center under `dir/center` whose CA issued the token's
 * certificates, with a fixed loopback port and a fresh one-time enrolment code.
 */
export async function provisionDemoWithCenter(dir: string): Promise<{ demo: DemoEnvironment; center: DemoCenter }> {
  const centerDir = join(dir, 'center');
  const center = await ReferenceCenter.open(centerDir);
  try {
    const demo = await provisionDemo(dir, {
      ca: center.authority.ca,
      onIssued: (der) => {
        center.register(der);
        // The demo's 张三 may approve for the demo unit, as the center's list says.
        if (describeCertificate(der).kind === 'personal') center.authoriseApprover(DEMO_UNIT, der);
      },
    });
    let { port } = readCenterConfig(centerDir);
    if (port === 0) {
      port = await freePort();
      writeCenterConfig(centerDir, { ...readCenterConfig(centerDir), port });
    }
    return { demo, center: { dir: centerDir, url: `http://127.0.0.1:${port}`, enrolmentCode: center.createEnrolmentCode(DEMO_UNIT) } };
  } finally {
    await center.close();
  }
}

/**
 * Demo mode for `npm start`: the demo token and a reference center serving on loopback for as long
 * as the app runs. Started once, however often the app reprovisions; a center that cannot start
 * (its port taken by another copy) leaves the app in demo mode without one.
 */
export class DemoCenterRunner {
  #started: Promise<{ demo: DemoEnvironment; center: DemoCenter | null }> | null = null;
  #server: ReferenceCenter | null = null;

  provision(dir: string): Promise<{ demo: DemoEnvironment; center: DemoCenter | null }> {
    this.#started ??= this.#start(dir);
    return this.#started;
  }

  async #start(dir: string): Promise<{ demo: DemoEnvironment; center: DemoCenter | null }> {
    const { demo, center } = await provisionDemoWithCenter(dir);
    const server = await ReferenceCenter.open(center.dir);
    try {
      await server.listen(readCenterConfig(center.dir).port);
    } catch (error) {
      await server.close();
      process.stderr.write(`demo center not started: ${String(error)}\n`);
      return { demo, center: null };
    }
    this.#server = server;
    return { demo, center };
  }

  async close(): Promise<void> {
    await this.#server?.close();
  }
}
