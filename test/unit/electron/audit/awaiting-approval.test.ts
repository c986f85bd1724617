import assert from 'node:assert/strict';
import { test } from 'node:test';
import { approvalsRequested } from '../../../../electron/services/audit/index.ts';
import type { AuditEntry, AuditRecord } from '../../../../shared/model/audit.ts';
import { sealRecord } from '../../../support/audit.ts';

const hash = (c: string): string => c.repeat(64);

/** 送签发 of /srv/`name`.pdf (bytes `sha`) to `approver`. */
const request = (time: Date, name: string, sha: string, approver = '张三'): AuditRecord =>
  sealRecord(time, '电子印章', `${name}.pdf`, {
    kind: 'approval-request',
    subject: null,
    approver,
    document: { name: `${name}.pdf`, sha256: hash(sha) },
    purpose: null,
    output: `/srv/${name}.pdf`,
  });
/** 签发 of a document whose bytes were `sha`. */
const approval = (time: Date, name: string, sha: string): AuditRecord =>
  sealRecord(time, '电子印章', `${name}.pdf`, {
    kind: 'approve',
    document: { name: `${name}.pdf`, sha256: hash(sha) },
    output: `/srv/${name}-已签发.pdf`,
  });

/** The ledger as `newestFirst` gives it, counting the records read. */
function newestFirst(records: readonly AuditRecord[]): { entries: Iterable<AuditEntry>; read: () => number } {
  let read = 0;
  const entries = function* (): Generator<AuditEntry> {
    for (let i = records.length - 1; i >= 0; i--) {
      read++;
      yield { line: i + 1, record: records[i] as AuditRecord };
    }
  };
  return { entries: entries(), read: () => read };
}

const day = (d: number, h = 9): Date => new Date(2026, 5, d, h);
const listed = (records: readonly AuditRecord[], now: Date) =>
  approvalsRequested(newestFirst(records).entries, now).requested.map((r) => [r.line, r.name, r.approver, r.since]);

test('a request is listed until an approval of the same bytes; the first request of those bytes is since when it waits', () => {
  const records = [
    request(day(1), '通知', 'a'),
    request(day(2), '函', 'b', '李四'),
    request(day(3), '纪要', 'c'),
    approval(day(4), '通知', 'a'),
    request(day(5), '纪要', 'c', '李四'),
  ];
  assert.deepEqual(listed(records, day(20)), [
    [2, '函.pdf', '李四', day(2).toISOString()],
    // Asked again (a reminder, to someone else): listed once, under the newest request, waiting since the first.
    [5, '纪要.pdf', '李四', day(3).toISOString()],
  ]);
});

test('an approval of other bytes (the file changed) does not clear the request; a new request for the changed file supersedes the old', () => {
  const changed = [request(day(1), '通知', 'a'), approval(day(2), '通知', 'b')];
  assert.deepEqual(listed(changed, day(20)), [[1, '通知.pdf', '张三', day(1).toISOString()]]);
  assert.ok(approvalsRequested(newestFirst(changed).entries, day(20)).approved.has(hash('b')), 'what was approved is known');
  const askedAgain = [...changed, request(day(3), '通知', 'c')];
  assert.deepEqual(listed(askedAgain, day(20)), [[3, '通知.pdf', '张三', day(3).toISOString()]]);
});

test('reads back only to the last 30 days', () => {
  const older = Array.from({ length: 50 }, (_, i) => request(new Date(2026, 3, 1, i), `旧${i}`, 'd'));
  const ledger = newestFirst([...older, request(day(10), '通知', 'a')]);
  const found = approvalsRequested(ledger.entries, day(20));
  assert.deepEqual(
    found.requested.map((r) => r.name),
    ['通知.pdf'],
  );
  assert.equal(ledger.read(), 2, 'the request of the window and the one before it that ends the reading');
});
