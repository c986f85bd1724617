import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CUSTODY_FILES, CustodyRecords } from '../../../../electron/services/custody/index.ts';
import { CUSTODY_FORMAT, custodyState, type Delegation } from '../../../../shared/model/custody.ts';
import { tempDir } from '../../../support/temp.ts';

const party = (name: string, hex: string) => ({
  name,
  subject: `CN=${name}`,
  fingerprintSha256: hex.repeat(64),
  token: { serial: hex, label: name },
});
const delegation: Delegation = {
  format: CUSTODY_FORMAT,
  id: '20261202-abcd',
  custodian: party('张三', 'a'),
  standIn: party('李四', 'b'),
  approver: party('王五', 'c'),
  token: { serial: 'a', label: '演示' },
  seals: [{ name: '电子印章', label: '电子印章', certificateSerial: '01', fingerprintSha256: 'd'.repeat(64) }],
  from: '2026-12-07T00:00:00.000Z',
  until: '2026-12-11T23:59:59.999Z',
  reason: '出差',
  pendingWork: '',
  handedOverAt: '2026-12-02T09:00:00.000Z',
};

test('the state follows the clock: not begun, running to the last millisecond, over; a return ends it whatever the clock', () => {
  assert.equal(custodyState(delegation, null, new Date('2026-12-06T23:59:59.999Z')), 'scheduled');
  assert.equal(custodyState(delegation, null, new Date('2026-12-07T00:00:00.000Z')), 'active');
  assert.equal(custodyState(delegation, null, new Date('2026-12-11T23:59:59.999Z')), 'active');
  assert.equal(custodyState(delegation, null, new Date('2026-12-12T00:00:00.000Z')), 'ended');
  assert.equal(custodyState(delegation, '2026-12-08T10:00:00.000Z', new Date('2026-12-08T09:00:00.000Z')), 'returned');
});

test('a record that does not parse is named, never skipped; a folder still being written is not a record', () => {
  const records = new CustodyRecords(tempDir('custody-records'));
  records.create(delegation.id, { [CUSTODY_FILES.delegation]: Buffer.from(JSON.stringify(delegation)) });
  mkdirSync(join(records.dir, 'damaged'));
  writeFileSync(join(records.dir, 'damaged', CUSTODY_FILES.delegation), '{"format":');
  mkdirSync(join(records.dir, '.20261202-ffff'));
  const status = records.status(new Date('2026-12-08T00:00:00.000Z'));
  assert.deepEqual(
    status.entries.map((e) => [e.delegation.id, e.state]),
    [[delegation.id, 'active']],
  );
  assert.deepEqual(status.unreadable, [join(records.dir, 'damaged')]);
});
