import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { UsageLog, type UsageEntry } from '../../../../electron/services/audit/index.ts';
import { tempDir } from '../../../support/temp.ts';

const dir = tempDir('usage-log');

function entry(i: number, nameLength: number): UsageEntry {
  return {
    time: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
    action: 'seal',
    token: { label: 'USBKey', serial: '1' },
    certificate: { subject: 'CN=电子印章', fingerprintSha256: 'ab'.repeat(32) },
    document: { name: `${'通知'.repeat(nameLength)}-${i}.pdf`, sha256: 'cd'.repeat(32), output: `/tmp/${i}.pdf` },
    approvedBy: '张三',
    final: false,
    crossPage: false,
  };
}

test('each record links to the one before, also across lines longer than a read from the end', () => {
  const log = new UsageLog(join(dir, 'chain.jsonl'));
  // Short lines, then lines of about 6 KB and 30 KB, then short again: the tail read has to grow.
  const lengths = [1, 1, 1000, 5000, 3, 1, 2000];
  lengths.forEach((length, i) => log.append(entry(i, length)));
  assert.equal(log.verifyChain(), true);
  assert.deepEqual(
    log.entries().map((e) => e.document.name),
    lengths.map((length, i) => entry(i, length).document.name),
  );
});

test('an edited earlier record breaks the chain', () => {
  const path = join(dir, 'edited.jsonl');
  const log = new UsageLog(path);
  for (let i = 0; i < 5; i++) log.append(entry(i, 2));
  writeFileSync(path, readFileSync(path, 'utf8').replace('-1.pdf', '-9.pdf'));
  assert.equal(log.verifyChain(), false);
});
