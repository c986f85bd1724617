import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { removeLeftoverTemps } from '../../../../electron/services/platform/leftover-temps.ts';
import { tempDir } from '../../../support/temp.ts';

const root = tempDir('leftover-temps-unit');
const deadPid = spawnSync('true').pid;

function folderWith(files: Record<string, Date>): string {
  const folder = join(root, 'output');
  mkdirSync(folder);
  for (const [file, time] of Object.entries(files)) {
    writeFileSync(join(folder, file), '');
    utimesSync(join(folder, file), time, time);
  }
  return folder;
}

test('a temp file of a writer that is gone, last written before this process started, is removed; one written since is kept', () => {
  const beforeStart = new Date(Date.now() - process.uptime() * 1000 - 60_000);
  const sinceStart = new Date();
  const folder = folderWith({
    [`.盖章.pdf.${deadPid}.sealdesk-tmp`]: beforeStart,
    [`.另一份.pdf.${deadPid}.sealdesk-tmp`]: sinceStart,
    [`.运行中.pdf.${process.ppid}.sealdesk-tmp`]: beforeStart,
  });
  removeLeftoverTemps(folder);
  const kept = [`.另一份.pdf.${deadPid}.sealdesk-tmp`, `.运行中.pdf.${process.ppid}.sealdesk-tmp`];
  assert.deepEqual(readdirSync(folder).sort(), kept.sort());
});
