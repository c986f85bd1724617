import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadOrCreateAuthority, softwareSigner } from '../../../../center/authority.ts';
import { awaitingSeal, Ledger } from '../../../../electron/services/audit/index.ts';
import { passphraseWrapper, Vault } from '../../../../electron/services/vault/index.ts';
import type { AuditRecord } from '../../../../shared/model/audit.ts';
import { sealRecord } from '../../../support/audit.ts';
import { tempDir } from '../../../support/temp.ts';

/** 签发 of `name`.pdf into `name`-已签发.pdf. */
const approval = (time: Date, name: string): AuditRecord =>
  sealRecord(time, '电子印章', `${name}.pdf`, { kind: 'approve', subject: null, output: `/srv/${name}-已签发.pdf` });
/** 盖章 of the approved `name`-已签发.pdf. */
const seal = (time: Date, name: string): AuditRecord => sealRecord(time, '电子印章', `${name}-已签发.pdf`);

function ledgerWith(records: readonly AuditRecord[]): { ledger: Ledger; vault: Vault; dir: string; opened: () => number } {
  const dir = tempDir('awaiting-seal');
  const ledger = new Ledger(join(dir, 'audit'));
  for (const record of records) ledger.append(record);
  // Counts the records opened: each is an X25519 agreement, what made reading the whole ledger slow.
  let opened = 0;
  const opener = ledger.key.opener.bind(ledger.key);
  ledger.key.opener = (vault) => {
    const open = opener(vault);
    return (sealed, context) => {
      opened++;
      return open(sealed, context);
    };
  };
  return { ledger, vault: new Vault(join(dir, 'vault'), passphraseWrapper('awaiting seal test')), dir, opened: () => opened };
}

const waiting = (entries: readonly { line: number; record: AuditRecord }[]) => entries.map((e) => [e.line, e.record.output]);

test('approvals of the last 30 days not sealed since are listed oldest first, reading back only to the window’s start', () => {
  const now = new Date(2026, 5, 20, 12);
  const older = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? approval : seal)(new Date(2026, 3, 1 + (i >> 1)), `旧${i}`));
  const { ledger, vault, opened } = ledgerWith([
    ...older,
    approval(new Date(2026, 4, 20, 9), '一月前'),
    approval(new Date(2026, 5, 1, 9), '通知'),
    approval(new Date(2026, 5, 2, 9), '函'),
    seal(new Date(2026, 5, 3, 9), '通知'),
    approval(new Date(2026, 5, 4, 9), '纪要'),
  ]);
  assert.deepEqual(waiting(awaitingSeal(ledger.newestFirst(vault), now)), [
    [43, '/srv/函-已签发.pdf'],
    [45, '/srv/纪要-已签发.pdf'],
  ]);
  // The four records of the window, and the one before it that ends the reading: not the ledger's 45.
  assert.equal(opened(), 5);
});

test('early in January the window reaches into the archive of the year just closed', async () => {
  const now = new Date(2026, 0, 10, 12);
  const { ledger, vault, dir } = ledgerWith([
    approval(new Date(2025, 10, 2, 9), '十一月'),
    approval(new Date(2025, 11, 20, 9), '年终总结'),
    approval(new Date(2025, 11, 28, 9), '通知'),
    seal(new Date(2026, 0, 5, 9), '通知'),
    approval(new Date(2026, 0, 8, 9), '函'),
  ]);
  const signer = softwareSigner((await loadOrCreateAuthority(join(dir, 'center'))).signing);
  assert.equal(await ledger.closeYears(vault, signer, now), 3);
  assert.deepEqual(waiting(awaitingSeal(ledger.newestFirst(vault), now)), [
    [2, '/srv/年终总结-已签发.pdf'],
    [5, '/srv/函-已签发.pdf'],
  ]);
});
