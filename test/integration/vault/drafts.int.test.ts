import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DraftStore, FormCatalog } from '../../../electron/services/forms/index.ts';
import { passphraseWrapper, Vault } from '../../../electron/services/vault/index.ts';
import { tempDir } from '../../support/temp.ts';

const PASSPHRASE = '办公室 2026 口令';
const formById = (id: string) => new FormCatalog().formById(id);
const WRITER = fileURLToPath(new URL('../../fixtures/draft-writer.ts', import.meta.url));

test('drafts are encrypted at rest: no plaintext on disk, the wrong passphrase opens nothing', () => {
  const dir = tempDir('vault');
  const drafts = new DraftStore(new Vault(dir, passphraseWrapper(PASSPHRASE)));
  const draft = drafts.create(formById('network-access'));
  drafts.save(draft.id, { handler: { name: '李四', idNumber: '11010519491231002X' } });
  const onDisk = readFileSync(join(dir, 'drafts', `${draft.id}.enc`));
  assert.equal(onDisk.includes(Buffer.from('11010519491231002X')), false);
  assert.equal(onDisk.includes(Buffer.from('李四')), false);
  assert.throws(() => new Vault(dir, passphraseWrapper('wrong')), { code: 'PASSPHRASE_INCORRECT' });
  const reopened = new DraftStore(new Vault(dir, passphraseWrapper(PASSPHRASE)));
  assert.deepEqual(reopened.get(draft.id).data, { handler: { name: '李四', idNumber: '11010519491231002X' } });
});

test('a vault opened off the main thread (Vault.open, as sealdesk sync does) reads what was written, and refuses the wrong passphrase', async () => {
  const dir = tempDir('vault-open');
  const drafts = new DraftStore(await Vault.open(dir, passphraseWrapper(PASSPHRASE)));
  const draft = drafts.create(formById('network-access'));
  drafts.save(draft.id, { handler: { name: '王五' } });
  await assert.rejects(Vault.open(dir, passphraseWrapper('wrong')), { code: 'PASSPHRASE_INCORRECT' });
  assert.deepEqual(new DraftStore(await Vault.open(dir, passphraseWrapper(PASSPHRASE))).get(draft.id).data, { handler: { name: '王五' } });
  assert.deepEqual(new DraftStore(new Vault(dir, passphraseWrapper(PASSPHRASE))).get(draft.id).data, { handler: { name: '王五' } });
});

test('a record moved to another name or altered by one bit does not open', () => {
  const dir = tempDir('vault-tamper');
  const vault = new Vault(dir, passphraseWrapper(PASSPHRASE));
  vault.write('drafts', 'a', Buffer.from('{"x":1}'));
  const bytes = readFileSync(join(dir, 'drafts', 'a.enc'));
  vault.write('drafts', 'b', Buffer.from('{}'));
  const moved = join(dir, 'drafts', 'b.enc');
  writeFileSync(moved, bytes);
  assert.throws(() => vault.read('drafts', 'b'), { code: 'VAULT_CORRUPT' });
  bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
  writeFileSync(join(dir, 'drafts', 'a.enc'), bytes);
  assert.throws(() => vault.read('drafts', 'a'), { code: 'VAULT_CORRUPT' });
});

test('a process killed while saving loses at most the save in flight and never corrupts the store', async () => {
  const dir = tempDir('vault-crash');
  const draft = new DraftStore(new Vault(dir, passphraseWrapper(PASSPHRASE))).create(formById('contact-change'));
  for (const delay of [150, 400, 900]) {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, draft.id], {
      env: { ...process.env, SEALDESK_TEST_PASSPHRASE: PASSPHRASE },
    });
    let acknowledged = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = chunk.toString().trim().split('\n');
      acknowledged = Math.max(acknowledged, Number(lines.at(-1)));
    });
    await new Promise((resolve) => child.stdout.once('data', resolve));
    await sleep(delay);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const stored = new DraftStore(new Vault(dir, passphraseWrapper(PASSPHRASE))).get(draft.id);
    assert.ok(stored.revision >= acknowledged, `revision ${stored.revision} kept, ${acknowledged} acknowledged`);
    assert.ok(stored.revision <= acknowledged + 1, 'nothing from the future');
  }
  assert.deepEqual(
    readdirSync(join(dir, 'drafts')).filter((f) => f.endsWith('.enc')),
    [`${draft.id}.enc`],
  );
});
