import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadOrCreateAuthority, softwareSigner } from '../../../../center/authority.ts';
import { Ledger } from '../../../../electron/services/audit/index.ts';
import { signContent } from '../../../../electron/services/cms/index.ts';
import { sha256Hex } from '../../../../electron/services/pki/index.ts';
import { JsonFileSettingsStore } from '../../../../electron/services/settings/index.ts';
import { saveEnrolment } from '../../../../electron/services/sync/index.ts';
import { passphraseWrapper, Vault } from '../../../../electron/services/vault/index.ts';
import type { AuditRecord } from '../../../../shared/model/audit.ts';
import type { CenterEnrolment } from '../../../../shared/model/center-link.ts';
import { sealRecord } from '../../../support/audit.ts';
import { tempDir } from '../../../support/temp.ts';

const NOW = new Date(2026, 5, 1);

const sealOn = (year: number, month: number, name: string): AuditRecord => sealRecord(new Date(year, month, 15, 9), '电子印章', name);

/** A ledger whose archives are pinned to `signer`'s certificate, the unit's. */
async function ledgerWith(records: readonly AuditRecord[]) {
  const dir = tempDir('archive');
  const signer = softwareSigner((await loadOrCreateAuthority(join(dir, 'center'))).signing);
  const ledger = new Ledger(join(dir, 'audit'), () => [sha256Hex(signer.certificate)]);
  for (const record of records) ledger.append(record);
  return { dir, ledger, vault: new Vault(join(dir, 'vault'), passphraseWrapper('archive test')), signer };
}

test('closed years move into one archive each; the ledger still reads whole, numbered through the chain', async () => {
  const { ledger, vault, signer } = await ledgerWith([
    sealOn(2023, 1, 'a'),
    sealOn(2023, 8, 'b'),
    sealOn(2025, 2, 'c'),
    sealOn(2026, 0, 'd'),
  ]);
  assert.equal(await ledger.closeYears(vault, signer, NOW), 3);
  assert.deepEqual(readdirSync(join(ledger.dir, 'archive')).sort(), ['2023.jsonl', '2023.jsonl.p7s', '2025.jsonl', '2025.jsonl.p7s']);
  const read = ledger.read(vault);
  assert.deepEqual(
    read.entries.map((e) => [e.line, e.record.document?.name]),
    [
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
    ],
  );
  assert.deepEqual(read.problems, []);
  assert.deepEqual(
    read.integrity.archives.map((a) => [a.file, a.first, a.records, a.state]),
    [
      ['archive/2023.jsonl', 1, 2, 'intact'],
      ['archive/2025.jsonl', 3, 1, 'intact'],
    ],
  );
  assert.equal(await ledger.closeYears(vault, signer, NOW), 0, 'nothing more is closed');
  ledger.append(sealOn(2026, 3, 'e'));
  assert.deepEqual(ledger.read(vault).chain, { intact: true, records: 5, since: sealOn(2023, 1, 'a').time, firstBroken: null });
});

test('a damaged ledger is not archived: the damage stays where it is', async () => {
  const { ledger, vault, signer } = await ledgerWith([sealOn(2024, 1, 'a'), sealOn(2024, 2, 'b'), sealOn(2026, 0, 'c')]);
  const file = join(ledger.dir, 'ledger.jsonl');
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  writeFileSync(file, `${[lines[0], lines[2]].join('\n')}\n`);
  const before = readFileSync(file, 'utf8');
  assert.equal(await ledger.closeYears(vault, signer, NOW), 0);
  assert.equal(readFileSync(file, 'utf8'), before);
  assert.deepEqual(ledger.read(vault).chain.firstBroken, { line: 2, reason: 'link-broken' });
});

test('a record dated before the one before it is said, and joins the later year so archives never go back in time', async () => {
  const { ledger, vault, signer } = await ledgerWith([
    sealOn(2023, 1, 'a'),
    sealOn(2025, 1, 'b'),
    sealOn(2024, 1, 'c'),
    sealOn(2026, 1, 'd'),
  ]);
  assert.equal(await ledger.closeYears(vault, signer, NOW), 3);
  const read = ledger.read(vault);
  assert.deepEqual(
    read.integrity.archives.map((a) => [a.year, a.records]),
    [
      [2023, 1],
      [2025, 2],
    ],
  );
  assert.deepEqual(read.integrity.clockBackwards, [{ line: 3, time: sealOn(2024, 1, 'c').time, previous: sealOn(2025, 1, 'b').time }]);
  assert.equal(read.chain.intact, true);
});

test('an archive re-signed with another valid certificate is named, however good its signature', async () => {
  const { dir, ledger, vault, signer } = await ledgerWith([sealOn(2024, 1, 'a'), sealOn(2025, 1, 'b'), sealOn(2026, 0, 'c')]);
  assert.equal(await ledger.closeYears(vault, signer, NOW), 2);
  const archive = join(ledger.dir, 'archive', '2024.jsonl');
  const other = softwareSigner((await loadOrCreateAuthority(join(dir, 'another'))).signing);
  writeFileSync(`${archive}.p7s`, await signContent(other, readFileSync(archive)));
  const read = ledger.read(vault);
  assert.deepEqual(
    read.integrity.archives.map((a) => [a.year, a.state]),
    [
      [2024, 'foreign-signer'],
      [2025, 'intact'],
    ],
  );
  assert.deepEqual(read.chain.firstBroken, { line: 1, reason: 'archive-foreign-signer' });
  assert.equal(read.entries.length, 3, 'its records are still listed');
  const unpinned = new Ledger(ledger.dir).read(vault);
  assert.deepEqual(
    unpinned.integrity.archives.map((a) => a.state),
    ['foreign-signer', 'foreign-signer'],
    "with no unit certificate known, no archive is taken as the unit's",
  );
});

test('after the unit certificate is renewed and enrolled again, archives its former certificate signed stay the unit’s', async () => {
  const { dir, ledger, vault, signer } = await ledgerWith([sealOn(2024, 1, 'a'), sealOn(2026, 0, 'b')]);
  assert.equal(await ledger.closeYears(vault, signer, NOW), 1);
  const settings = new JsonFileSettingsStore(join(dir, 'settings.json'));
  const enrolment = (unitCertificate: string): CenterEnrolment => ({
    url: 'https://center.invalid/',
    unitId: 'u1',
    unitName: '示例单位',
    unitCertificate,
    signingCertificate: '',
    encryptionCertificate: '',
    caCertificates: [],
    enrolledAt: NOW.toISOString(),
  });
  saveEnrolment(settings, enrolment(sha256Hex(signer.certificate)));
  saveEnrolment(settings, enrolment('e'.repeat(64)));
  const renewed = Ledger.in(dir, settings).read(vault);
  assert.deepEqual(
    renewed.integrity.archives.map((a) => a.state),
    ['intact'],
  );
  assert.deepEqual(settings.read().centerEnrolment?.formerUnitCertificates, [sha256Hex(signer.certificate)]);
});
