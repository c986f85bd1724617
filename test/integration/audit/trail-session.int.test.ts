// Who acted is read from the USBKey once per login session: a batch of records under one login reads the
// key's certificates once, and a logout and a new login read them again.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ledger, type AuditAct } from '../../../electron/services/audit/index.ts';
import { passphraseWrapper, Vault } from '../../../electron/services/vault/index.ts';
import { countCalls } from '../../support/count-calls.ts';
import { useSealDesk } from '../../support/seal-desk.ts';

const f = useSealDesk('trail-session');

test('the holder is read once per login session, for records one after another and at once, and again after logout and login', async () => {
  const { audit } = f.desk.options;
  const serial = f.demo.tokenSerial;
  const act: AuditAct = { kind: 'seal', serial, subject: '电子印章', batch: true };
  const reads = countCalls(f.tokens, 'certificates');
  try {
    await audit.record(act);
    await Promise.all([audit.record(act), audit.record(act)]);
    assert.equal(reads.count(), 1);
    await f.tokens.logout(serial);
    await f.tokens.login(serial, f.demo.pin);
    await audit.record(act);
    assert.equal(reads.count(), 2);
  } finally {
    reads.restore();
  }
  const data = join(f.work, 'data');
  const ledger = Ledger.in(data).read(new Vault(join(data, 'vault'), passphraseWrapper('trail session test')));
  assert.deepEqual(ledger.problems, []);
  const label = (await f.tokens.tokens()).find((t) => t.serial === serial)?.label;
  assert.deepEqual(
    ledger.entries.map(({ record }) => [record.operator, record.token.label, record.method, record.subject?.label]),
    Array(4).fill(['张三', label, 'batch', '电子印章']),
  );
});
