import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import { approvingCliEnv, freshDemo } from '../../support/demo.ts';
import { runSealdesk } from '../../support/cli.ts';
import { pdfsig, writeTestPdf } from '../../support/pdf.ts';
import { tempDir } from '../../support/temp.ts';

const BIN = fileURLToPath(new URL('../../../bin/sealdesk.mjs', import.meta.url));
const dir = tempDir('leftover-temps');
const out = join(dir, 'out');
const demoReady = freshDemo('leftover-temps');
let env: NodeJS.ProcessEnv = {};
let caPem = '';

before(async () => {
  ({ env, caPem } = await approvingCliEnv(demoReady, dir));
});

const sealArgs = (input: string, output: string) => [
  'seal',
  input,
  '-o',
  output,
  '--seal',
  '电子印章',
  '--page',
  'last',
  '--x',
  '150',
  '--y',
  '240',
];
/** The hidden temp files of writes of `output`. */
const tempsOf = (output: string): string[] =>
  readdirSync(out).filter((name) => name.startsWith(`.${basename(output)}.`) && name.endsWith('.sealdesk-tmp'));

/** Bytes written so far to the temp files of `output` (a file can be renamed away between listing and stat). */
const tempBytes = (output: string): number =>
  tempsOf(output).reduce((sum, name) => sum + (statSync(join(out, name), { throwIfNoEntry: false })?.size ?? 0), 0);

/** Starts a seal in its own process group and SIGKILLs the group once its temp file holds some of the copy. */
async function killMidWrite(input: string, output: string): Promise<void> {
  const child = spawn(process.execPath, [BIN, ...sealArgs(input, output)], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
    detached: true,
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 60_000;
  while (tempBytes(output) === 0) {
    assert.equal(child.exitCode, null, 'the seal ended before its temp file could be caught');
    assert.ok(Date.now() < deadline, 'no temp file appeared');
    await sleep(5);
  }
  process.kill(-(child.pid ?? 0), 'SIGKILL');
  await exited;
}

test('a seal killed with SIGKILL mid-write leaves its hidden temp file; the next seal into that folder removes it and nothing else', async () => {
  const big = join(dir, '年度报告.pdf');
  writeTestPdf(big, 2, 120 * 1024 * 1024);
  const approved = join(dir, '年度报告-已签发.pdf');
  assert.equal(runSealdesk(['approve', big, '-o', approved, '--cert', '个人证书'], env).code, 0);
  const small = join(dir, '通知.pdf');
  writeTestPdf(small, 1);
  const smallApproved = join(dir, '通知-已签发.pdf');
  assert.equal(runSealdesk(['approve', small, '-o', smallApproved, '--cert', '个人证书'], env).code, 0);

  mkdirSync(out);
  // The user's own files, some named much like ours, and the temp file of a SealDesk still running (this test's pid).
  const othersFiles = [
    '.年度报告.pdf.sealdesk-tmp',
    '年度报告.pdf.4242.tmp',
    '.草稿.pdf.4242.sealdesk-tmp.bak',
    `.在写.pdf.${process.pid}.sealdesk-tmp`,
  ];
  for (const name of othersFiles) writeFileSync(join(out, name), '用户的文件');

  const killed = join(out, '年度报告-已盖章.pdf');
  await killMidWrite(approved, killed);
  const leftovers = tempsOf(killed);
  assert.equal(leftovers.length, 1, `the killed seal's temp file: ${readdirSync(out).join(', ')}`);
  assert.ok(statSync(join(out, leftovers[0] ?? '')).size > 0);

  const next = runSealdesk(sealArgs(smallApproved, join(out, '通知-已盖章.pdf')), env);
  assert.equal(next.code, 0, next.stderr);
  assert.deepEqual(readdirSync(out).sort(), [...othersFiles, '通知-已盖章.pdf'].sort(), 'only the leftover is gone');
  assert.deepEqual(pdfsig(join(out, '通知-已盖章.pdf'), caPem).validations, ['Signature is Valid.', 'Signature is Valid.']);
});
