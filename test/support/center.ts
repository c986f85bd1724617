import { join } from 'node:path';
import { after } from 'node:test';
import { ReferenceCenter } from '../../center/index.ts';
import { DEMO_UNIT, provisionDemo, type DemoEnvironment } from '../../electron/services/demo/index.ts';
import { tempDir } from './temp.ts';

export interface CenterFixture {
  center: ReferenceCenter;
  url: string;
  dir: string;
  demo: DemoEnvironment;
  enrolmentCode: string;
}

/**
 * A reference center on loopback and a fresh demo token whose certificates its CA issued (and which
 * it has on its register), for this test file only. Call at module scope, like freshDemo.
 */
export function freshCenter(prefix: string): Promise<CenterFixture> {
  const dir = tempDir(prefix);
  const ready = (async () => {
    const center = await ReferenceCenter.open(join(dir, 'center'));
    const demo = await provisionDemo(join(dir, 'demo'), { ca: center.authority.ca, onIssued: (der) => center.register(der) });
    const url = await center.listen();
    return { center, url, dir, demo, enrolmentCode: center.createEnrolmentCode(DEMO_UNIT) };
  })();
  after(async () => (await ready).center.close());
  return ready;
}
