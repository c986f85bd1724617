import { resolve } from 'node:path';
import { provisionDemoWithCenter } from '../../../center/demo.ts';
import { demoExports, shellQuote } from '../../services/demo/index.ts';

/**
 * `sealdesk demo init --dir DIR`: the demo token plus a reference center under DIR/center. Prints
 * export lines only, so `eval "$(sealdesk demo init --dir D)"` makes the other commands work.
 */
export async function demoInitCommand(options: { dir: string }): Promise<number> {
  const { demo, center } = await provisionDemoWithCenter(resolve(options.dir));
  const lines = [
    demoExports(demo),
    `export SEALDESK_CENTER_DIR=${shellQuote(center.dir)}`,
    `export SEALDESK_CENTER_URL=${shellQuote(center.url)}`,
    `export SEALDESK_ENROLMENT_CODE=${shellQuote(center.enrolmentCode)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
