import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { CenterStore } from '../../../center/store.ts';
import { tempDir } from '../../support/temp.ts';

/** The tables as centers made them while a submission id was unique across all units. */
const OLD_SCHEMA = `
CREATE TABLE certificates (
  thumbprint TEXT PRIMARY KEY, der BLOB NOT NULL, subject TEXT NOT NULL, kind TEXT NOT NULL,
  not_after TEXT NOT NULL, revoked_at TEXT, revocation_reason TEXT);
CREATE TABLE units (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, certificate TEXT NOT NULL REFERENCES certificates(thumbprint), enrolled_at TEXT NOT NULL);
CREATE TABLE submissions (
  id TEXT PRIMARY KEY, unit_id TEXT NOT NULL REFERENCES units(id), kind TEXT NOT NULL, title TEXT NOT NULL,
  parts TEXT NOT NULL, status TEXT NOT NULL, reason TEXT, received_at TEXT NOT NULL, updated_at TEXT NOT NULL);
`;

const PART = { name: 'attachments/拓扑图.png', uploadId: 'u1', size: 10, blocksSha256: 'a'.repeat(64) };

function oldCenter(path: string): void {
  const db = new Database(path);
  db.exec(OLD_SCHEMA);
  for (const [unit, name] of [
    ['unit-a', '示例市数据局'],
    ['unit-b', '示例市卫生健康委员会'],
  ] as const) {
    db.prepare("INSERT INTO certificates VALUES (?, x'00', 'CN=x', 'unit', '2030-01-01', NULL, NULL)").run(`cert-${unit}`);
    db.prepare("INSERT INTO units VALUES (?, ?, ?, '2026-01-01T00:00:00.000Z')").run(unit, name, `cert-${unit}`);
  }
  db.prepare(
    "INSERT INTO submissions VALUES ('sub-1', 'unit-a', 'application', 'A 的申请', ?, 'returned', '缺少拓扑图', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z')",
  ).run(JSON.stringify([PART]));
  db.close();
}

test("an old center's submissions survive the move to per-unit ids, and another unit may then use the same id", () => {
  const path = join(tempDir('center-submissions'), 'center.db');
  oldCenter(path);
  const store = new CenterStore(path);
  try {
    assert.deepEqual(store.submission('unit-a', 'sub-1'), {
      id: 'sub-1',
      unitId: 'unit-a',
      unitName: '示例市数据局',
      kind: 'application',
      title: 'A 的申请',
      parts: [PART],
      status: 'returned',
      reason: '缺少拓扑图',
      receivedAt: '2026-01-02T00:00:00.000Z',
      updatedAt: '2026-01-03T00:00:00.000Z',
    });
    assert.equal(store.submission('unit-b', 'sub-1'), null, "A's submission is not B's");
    const ofB = store.receive({
      id: 'sub-1',
      unitId: 'unit-b',
      kind: 'document',
      title: 'B 的',
      parts: [PART],
      receivedAt: '2026-01-04T00:00:00.000Z',
    });
    assert.equal(ofB.unitName, '示例市卫生健康委员会');
    store.decide('unit-b', 'sub-1', 'completed', null, new Date('2026-01-05T00:00:00.000Z'));
    assert.deepEqual(
      store.submissionsWithId('sub-1').map((s) => [s.unitId, s.status]),
      [
        ['unit-b', 'completed'],
        ['unit-a', 'returned'],
      ],
      'ordered by unit name; deciding B left A as it was',
    );
  } finally {
    store.close();
  }
  const reopened = new CenterStore(path);
  try {
    assert.equal(reopened.submissions().length, 2, 'opening again migrates nothing twice');
  } finally {
    reopened.close();
  }
});
