import { join, resolve } from 'node:path';
import { provisionDemoWithCenter } from '../../../center/demo.ts';
import { DEMO_APPROVER_CERTIFICATE, demoExports, shellQuote, type DemoEnvironment } from '../../services/demo/index.ts';
import { withTokens } from '../context.ts';
import { cliDesk } from '../desk.ts';

/**
 * `sealdesk demo init --dir DIR`: the demo token plus a reference center under DIR/center, and the
 * demo's own data directory (DIR/home unless SEALDESK_HOME is set) in which 张三 may already approve.
 * Prints export lines (and comments) only, so `eval "$(sealdesk demo init --dir D)"` is all the other
 * commands need.
 */
export async function demoInitCommand(options: { dir: string }): Promise<number> {
  const dir = resolve(options.dir);
  const { demo, center } = await provisionDemoWithCenter(dir);
  const home = process.env['SEALDESK_HOME'] || join(dir, 'home');
  await authoriseDemoApprover(demo, home);
  const lines = [
    demoExports(demo),
    `export SEALDESK_HOME=${shellQuote(home)}`,
    `export SEALDESK_CENTER_DIR=${shellQuote(center.dir)}`,
    `export SEALDESK_CENTER_URL=${shellQuote(center.url)}`,
    `export SEALDESK_ENROLMENT_CODE=${shellQuote(center.enrolmentCode)}`,
    '# 注册与同步前先启动演示资源中心 / before enrol and sync, start the demo center: sealdesk center serve &',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** As the app's demo mode does: the demo unit's approver list names 张三 in the data directory the exports point at. */
async function authoriseDemoApprover(demo: DemoEnvironment, home: string): Promise<void> {
  process.env['SEALDESK_HOME'] = home;
  const options = { module: demo.modulePath };
  await withTokens(options, (tokens) =>
    cliDesk(tokens, options).authoriseApprover({ serial: demo.tokenSerial, certificate: DEMO_APPROVER_CERTIFICATE }),
  );
}
