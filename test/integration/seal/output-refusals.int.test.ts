import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runSealdesk } from '../../support/cli.ts';
import { demoCliEnv, freshDemo } from '../../support/demo.ts';
import { sha256File, writeTestPdf } from '../../support/pdf.ts';
import { tempDir } from '../../support/temp.ts';

// Where the output cannot be written (no such folder, a full disk, no permission) the custodian is told
// which, in words; never "internal error". Nothing is left behind and the original stays as it was.
const isRoot = process.getuid?.() === 0;
const mounted: string[] = [];
// Registered before tempDir's own hook, so the mounts are gone before their folder is removed.
after(() => mounted.forEach((point) => spawnSync('umount', [point])));
const dir = tempDir('output-refusals');
const demoReady = freshDemo('output-refusals');
let env: NodeJS.ProcessEnv = {};
const approved = join(dir, '通知-已签发.pdf');

before(async () => {
  const demo = await demoReady;
  env = demoCliEnv(demo, join(dir, 'home'));
  writeTestPdf(join(dir, '通知.pdf'), 1, 1024 * 1024);
  assert.equal(runSealdesk(['approvers', 'add', '--cert', '个人证书'], env).code, 0);
  assert.equal(runSealdesk(['approve', join(dir, '通知.pdf'), '-o', approved, '--cert', '个人证书'], env).code, 0);
});

/** A tmpfs at `point` with mount `options`, or false where this user cannot mount. */
function mountTmpfs(point: string, options: string): boolean {
  mkdirSync(point);
  if (!isRoot || spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', point]).status !== 0) return false;
  mounted.push(point);
  return true;
}

function assertSealRefused(output: string, code: string, message: RegExp): void {
  const original = sha256File(approved);
  const result = runSealdesk(['seal', approved, '-o', output, '--seal', '电子印章', '--page', '1', '--x', '60', '--y', '40'], env);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, message);
  assert.match(result.stderr, new RegExp(`\\[${code}\\]`));
  assert.equal(sha256File(approved), original, 'the original is untouched');
}

test('an output folder that does not exist is named as such', () => {
  assertSealRefused(join(dir, '不存在', '通知-已盖章.pdf'), 'OUTPUT_FOLDER_MISSING', /保存位置 .*不存在，请另选文件夹/);
});

test('a disk too small for the sealed copy says the disk is full and leaves nothing on it', (t) => {
  const small = join(dir, 'small-disk');
  if (!mountTmpfs(small, 'size=512k')) return t.skip('mounting a small tmpfs needs root');
  const output = join(small, '通知-已盖章.pdf');
  assertSealRefused(output, 'DISK_FULL', new RegExp(`磁盘空间不足，无法写入 ${output}`));
  assert.deepEqual(readdirSync(small), [], 'no temp file is left behind');
});

test('a folder the user may not write to says so', (t) => {
  const closed = join(dir, 'read-only');
  // root ignores file modes, so it gets a read-only file system instead.
  if (!mountTmpfs(closed, 'ro')) {
    if (isRoot) return t.skip('root ignores file modes and cannot mount a read-only tmpfs here');
    chmodSync(closed, 0o555);
  }
  assertSealRefused(join(closed, '通知-已盖章.pdf'), 'FILE_ACCESS_DENIED', /没有权限访问 .*通知-已盖章\.pdf/);
  assert.deepEqual(readdirSync(closed), []);
});
