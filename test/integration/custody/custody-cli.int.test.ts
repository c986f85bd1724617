// `sealdesk custody delegate | status | return` on the demo's SoftHSM2 token beside the stand-in's and the
// office head's USBKeys (PINs from SEALDESK_PIN, never an argument): the handover prints, the stand-in's
// CLI seal names him in the ledger, and after the return his seal is refused with the reason.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { after, before, test } from 'node:test';
import { provisionDemo } from '../../../electron/services/demo/index.ts';
import { TokenService } from '../../../electron/services/token/index.ts';
import { AuditLedgerSchema } from '../../../shared/model/audit.ts';
import { CustodyStatusSchema } from '../../../shared/model/custody.ts';
import { killGroup, parseExports, runSealdesk, runSealdeskAsync, startSealdesk, type CliResult } from '../../support/cli.ts';
import { qpdfCheck, writeTestPdf } from '../../support/pdf.ts';
import { addPersonalKey } from '../../support/second-key.ts';
import { tempDir } from '../../support/temp.ts';

const work = tempDir('custody-cli');
let env: NodeJS.ProcessEnv = {};
let center: ChildProcess | null = null;
const fingerprints = { standIn: '', head: '' };

before(async () => {
  const init = runSealdesk(['demo', 'init', '--dir', join(work, 'demo')], { SEALDESK_HOME: join(work, 'home') });
  assert.equal(init.code, 0, init.stderr);
  env = parseExports(init.stdout);
  // The demo as `demo init` left it; its SoftHSM2 gets the stand-in's and the office head's USBKeys.
  const demo = await provisionDemo(join(work, 'demo'));
  const tokens = await TokenService.open(demo.modulePath);
  try {
    const relogin = { serial: demo.tokenSerial, pin: demo.pin };
    fingerprints.standIn = (
      await addPersonalKey(tokens, { name: '李四', label: '李四的 USBKey', idHex: '31' }, demo.pin, relogin, work)
    ).fingerprint;
    fingerprints.head = (
      await addPersonalKey(tokens, { name: '王五', label: '王五的 USBKey', idHex: '32' }, demo.pin, relogin, work)
    ).fingerprint;
  } finally {
    await tokens.close();
  }
  center = await startSealdesk(['center', 'serve'], env, /http:\/\//);
  await sealdesk('enrol');
  await sealdesk('approvers', 'add', '--cert', fingerprints.head, '--token', '王五的 USBKey');
});
after(() => center && killGroup(center));

async function sealdesk(...args: string[]): Promise<string> {
  const run = await runSealdeskAsync(args, env);
  assert.equal(run.code, 0, `sealdesk ${args.join(' ')}: ${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

const day = (offset: number): string => {
  const d = new Date(Date.now() + offset * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

let n = 0;
async function cliSeal(): Promise<CliResult> {
  const input = join(work, `函-${++n}.pdf`);
  writeTestPdf(input, 1);
  await sealdesk('approve', input, '-o', join(work, `函-${n}-已签发.pdf`), '--cert', '个人证书');
  const args = ['seal', join(work, `函-${n}-已签发.pdf`), '-o', join(work, `函-${n}-已盖章.pdf`), '--seal', '电子印章', '--page', '1'];
  return runSealdeskAsync([...args, '--x', '100', '--y', '100'], env);
}

test('custody delegate, status, a stand-in seal on record, return, and the refusal after it', async () => {
  assert.equal((await sealdesk('custody', 'status')).trim(), '没有代管记录。');
  const delegated = await sealdesk(
    'custody',
    'delegate',
    '--to',
    fingerprints.standIn.slice(0, 16),
    '--from',
    day(0),
    '--until',
    day(2),
    '--reason',
    '保管人参加培训',
    '--approver',
    fingerprints.head.slice(0, 16),
    '--pending',
    '两份函件待盖章',
  );
  const pdf = /交接单：(.+\.pdf)$/m.exec(delegated)?.[1] ?? '';
  assert.match(delegated, /^已登记代管：李四 自 \d{4}年\d+月\d+日 00:00 至 \d{4}年\d+月\d+日 23:59 代管 示例市大数据管理局电子印章。/);
  assert.ok(qpdfCheck(pdf).ok, pdf);

  const status = CustodyStatusSchema.parse(JSON.parse(await sealdesk('custody', 'status', '--json')));
  assert.deepEqual(
    status.entries.map((e) => [e.state, e.delegation.standIn.name, e.delegation.approver.name, e.delegation.pendingWork]),
    [['active', '李四', '王五', '两份函件待盖章']],
  );
  assert.match(await sealdesk('custody', 'status'), /^代管中\t李四\t.+\t保管人参加培训\t审批人 王五\t示例市大数据管理局电子印章\n$/);

  assert.equal((await cliSeal()).code, 0);
  const ledger = AuditLedgerSchema.parse(JSON.parse(await sealdesk('audit', 'list', '--json')));
  const kinds = ledger.entries.map((e) => e.record.kind);
  assert.deepEqual(kinds, ['enrol', 'custody-delegate', 'approve', 'seal']);
  const seal = ledger.entries.at(-1)?.record;
  assert.deepEqual([seal?.operator, seal?.custodian, seal?.method], ['李四', '张三', 'cli']);

  assert.match(await sealdesk('custody', 'return'), /^已收回印章：李四 的代管于 .+ 结束。收回记录：.+收回记录\.pdf\n$/);
  assert.match(await sealdesk('custody', 'status'), /^已收回\t李四/);
  const refused = await cliSeal();
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /：保管人已于 \d{4}年.+收回印章，李四 不能再盖章。 \[CUSTODY_RETURNED\]$/m);
  const after = AuditLedgerSchema.parse(JSON.parse(await sealdesk('audit', 'list', '--json'))).entries.map((e) => e.record.kind);
  assert.deepEqual(after, [...kinds, 'custody-return', 'approve']);

  // The center receives the handover and the return like any submission, kept for the unit.
  await sealdesk('sync', '--once');
  const received = JSON.parse(await sealdesk('center', 'list', '--json')) as { kind: string; title: string; unitName: string }[];
  assert.deepEqual(received.map((r) => [r.kind, r.title, r.unitName]).sort(), [
    ['custody', '印章代管：李四', '示例市大数据管理局'],
    ['custody', '印章收回：李四', '示例市大数据管理局'],
  ]);
});
