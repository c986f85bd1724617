import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileLock } from '../../../../electron/services/platform/index.ts';
import { AppError } from '../../../../shared/errors.ts';
import { tempDir } from '../../../support/temp.ts';

/** The pid of a process that has already exited. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(run.stdout);
}

test('a lock left by a process that is gone is taken over; a live one is waited for, then refused with who holds it', async () => {
  const path = join(tempDir('file-lock'), 'ledger.lock');
  writeFileSync(path, JSON.stringify({ pid: deadPid(), at: Date.now() }));
  const lock = new FileLock(path, { busy: 'AUDIT_LEDGER_BUSY', waitMs: 300 });
  assert.equal(await lock.hold(() => Promise.resolve('done')), 'done');
  assert.equal(existsSync(path), false, 'released');

  // A live holder (the parent of this process, as another SealDesk would be), taken just now.
  const live = JSON.stringify({ pid: process.ppid, at: Date.now() });
  writeFileSync(path, live);
  await assert.rejects(
    lock.hold(() => Promise.resolve('never')),
    (error: unknown) => error instanceof AppError && error.code === 'AUDIT_LEDGER_BUSY' && error.params['pid'] === process.ppid,
  );
  assert.throws(() => lock.holdSync(() => 'never'), { code: 'AUDIT_LEDGER_BUSY' });
  assert.equal(readFileSync(path, 'utf8'), live, 'left in place');

  // The same holder, hours old: its pid was reused after a crash.
  writeFileSync(path, JSON.stringify({ pid: process.ppid, at: Date.now() - 3 * 3600_000 }));
  assert.equal(
    lock.holdSync(() => 'taken'),
    'taken',
  );
});

test("this process's own holder does not block its synchronous writes, but does block a second holder", async () => {
  const path = join(tempDir('file-lock'), 'ledger.lock');
  const lock = new FileLock(path, { busy: 'AUDIT_LEDGER_BUSY', waitMs: 200 });
  await lock.hold(async () => {
    assert.equal(
      lock.holdSync(() => 'appended'),
      'appended',
    );
    assert.equal(existsSync(path), true, 'still held by the outer holder');
    await assert.rejects(
      new FileLock(path, { busy: 'AUDIT_LEDGER_BUSY', waitMs: 200 }).hold(() => Promise.resolve()),
      {
        code: 'AUDIT_LEDGER_BUSY',
      },
    );
  });
  assert.equal(existsSync(path), false);
});
