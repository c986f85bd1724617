import { resolve } from 'node:path';
import { demoExports, provisionDemo } from '../../services/demo/index.ts';

/** `sealdesk demo init --dir DIR`: prints export lines only, so `eval "$(sealdesk demo init --dir D)"` works. */
export async function demoInitCommand(options: { dir: string }): Promise<number> {
  const env = await provisionDemo(resolve(options.dir));
  process.stdout.write(`${demoExports(env)}\n`);
  return 0;
}
