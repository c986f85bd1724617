// Two SealDesk processes archiving the same ledger at once (the app's sync and a CLI run): the ledger
// lock lets one archive while the other waits and then finds nothing left to move, so the archives and
// the live ledger stay one consistent chain.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { loadOrCreateAuthority, softwareSigner } from '../../../../center/authority.ts';
import { Ledger } from '../../../../electron/services/audit/index.ts';
import { sha256Hex } from '../../../../electron/services/pki/index.ts';
import { passphraseWrapper, Vault } from '../../../../electron/services/vault/index.ts';
import type { AuditRecord } from '../../../../shared/model/audit.ts';
import { sealRecord } from '../../../support/audit.ts';
import { tempDir } from '../../../support/temp.ts';

const ARCHIVER = fileURLToPath(new URL('../../../support/archive-once.ts', import.meta.url));
const NOW = new Date(2026, 5, 1);

const sealOn = (year: number, name: string): AuditRecord => sealRecord(new Date(year, 3, 15, 9), '电子印章', name);

function archiveInAnotherProcess(dir: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', ARCHIVER, dir, NOW.toISOString()], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => resolve(out.trim()));
  });
}

test('two processes archiving at once leave one consistent result: each year archived once, the chain whole', async () => {
  const dir = tempDir('archive-lock');
  const unit = softwareSigner((await loadOrCreateAuthority(join(dir, 'center'))).signing);
  const ledger = new Ledger(join(dir, 'audit'), () => [sha256Hex(unit.certificate)]);
  const names = ['2023-a', '2023-b', '2024-a', '2025-a', '2025-b', '2026-a'];
  for (const name of names) ledger.append(sealOn(Number(name.slice(0, 4)), name));
  const vault = new Vault(join(dir, 'vault'), passphraseWrapper('archive test'));
  ledger.read(vault);

  const outcomes = await Promise.all([archiveInAnotherProcess(dir), archiveInAnotherProcess(dir)]);
  assert.deepEqual(outcomes.sort(), ['moved 0', 'moved 5'], 'one archived everything, the other found it done');

  assert.deepEqual(readdirSync(join(ledger.dir, 'archive')).sort(), [
    '2023.jsonl',
    '2023.jsonl.p7s',
    '2024.jsonl',
    '2024.jsonl.p7s',
    '2025.jsonl',
    '2025.jsonl.p7s',
  ]);
  const read = ledger.read(vault);
  assert.deepEqual(read.problems, []);
  assert.equal(read.chain.intact, true);
  assert.deepEqual(
    read.entries.map((e) => [e.line, e.record.document?.name]),
    names.map((name, index) => [index + 1, name]),
  );
  assert.deepEqual(
    read.integrity.archives.map((a) => [a.year, a.records, a.state]),
    [
      [2023, 2, 'intact'],
      [2024, 1, 'intact'],
      [2025, 2, 'intact'],
    ],
  );
  assert.deepEqual(
    readdirSync(ledger.dir).filter((name) => name.endsWith('.lock')),
    [],
    'the lock is released',
  );
});
