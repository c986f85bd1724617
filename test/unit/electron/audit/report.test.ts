import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { NO_ARCHIVES_OR_ANCHOR } from '../../../support/audit.ts';
import { reportRows, usageReport } from '../../../../electron/services/audit/report.ts';
import { writeReportCsv } from '../../../../electron/services/audit/report-export.ts';
import type { AuditKind, AuditLedger, AuditRecord } from '../../../../shared/model/audit.ts';
import { lastClosedPeriod, periodCovers, periodOf, periodTitle } from '../../../../shared/model/audit-report.ts';
import { tempDir } from '../../../support/temp.ts';

test('periods are whole local months, quarters and years; the last closed one is the one before today’s', () => {
  const december2 = new Date(2026, 11, 2, 9);
  assert.deepEqual(lastClosedPeriod('month', december2), { from: '2026-11-01', to: '2026-11-30' });
  assert.deepEqual(lastClosedPeriod('quarter', december2), { from: '2026-07-01', to: '2026-09-30' });
  assert.deepEqual(lastClosedPeriod('year', december2), { from: '2025-01-01', to: '2025-12-31' });
  assert.deepEqual(lastClosedPeriod('month', new Date(2027, 0, 1, 0, 5)), { from: '2026-12-01', to: '2026-12-31' });
  assert.deepEqual(periodOf('month', new Date(2028, 1, 10)), { from: '2028-02-01', to: '2028-02-29' });
  assert.deepEqual(
    ['2026-10-01/2026-12-31', '2026-02-01/2026-02-28', '2025-01-01/2025-12-31', '2026-11-03/2026-12-01'].map((p) => {
      const [from = '', to = ''] = p.split('/');
      return periodTitle({ from, to });
    }),
    ['2026年第四季度', '2026年2月', '2025年度', '2026年11月3日至2026年12月1日'],
  );
  assert.ok(periodCovers(periodOf('quarter', new Date(2026, 10, 5)), periodOf('month', new Date(2026, 10, 5))));
  assert.ok(!periodCovers(periodOf('month', new Date(2026, 10, 5)), periodOf('quarter', new Date(2026, 10, 5))));
});

function record(kind: AuditKind, day: number, seal: string, document: string): AuditRecord {
  return {
    time: new Date(2026, 10, day, 23, 30).toISOString(),
    kind,
    method: 'desktop',
    token: { serial: '1', label: 'USBKey' },
    operator: '张三',
    subject: {
      kind: kind === 'seal' ? 'seal' : 'certificate',
      name: seal,
      label: seal,
      fingerprintSha256: seal === '甲章' ? 'a'.repeat(64) : 'b'.repeat(64),
    },
    approver: '李四',
    document: { name: document, sha256: 'c'.repeat(64) },
    purpose: null,
    output: null,
    crossPage: false,
    final: false,
  };
}

const ledgerOf = (records: AuditRecord[]): AuditLedger => ({
  entries: records.map((r, i) => ({ line: i + 1, record: r })),
  problems: [],
  chain: { intact: true, records: records.length, since: records[0]?.time ?? null, firstBroken: null },
  integrity: NO_ARCHIVES_OR_ANCHOR,
});

test('the report groups the period’s seal uses per seal and puts print and custody kinds in their own parts', () => {
  const records = [
    record('seal', 30, '乙章', '乙-1.pdf'),
    record('seal', 2, '甲章', '甲-1.pdf'),
    record('approve', 2, '张三', '甲-1.pdf'),
    record('seal', 1, '甲章', '甲-0.pdf'),
    // Kinds other work adds to the ledger: matched by family, whatever their exact names.
    record('print' as AuditKind, 5, '乙章', '乙-1.pdf'),
    record('custody-delegate' as AuditKind, 6, '甲章', ''),
    // 23:30 local on 31 October: outside November however UTC names that moment.
    { ...record('seal', 1, '甲章', '十月.pdf'), time: new Date(2026, 9, 31, 23, 30).toISOString() },
  ];
  const report = usageReport(ledgerOf(records), { from: '2026-11-01', to: '2026-11-30' }, { unit: null, now: new Date() });
  assert.deepEqual(
    report.seals.map((s) => [s.name, s.uses.map((u) => u.document?.name)]),
    // In pinyin order, as a Chinese list is read: jia before yi.
    [
      ['甲章', ['甲-0.pdf', '甲-1.pdf']],
      ['乙章', ['乙-1.pdf']],
    ],
  );
  assert.deepEqual(
    report.printing.map((r) => r.kind),
    ['print'],
  );
  assert.deepEqual(
    report.custody.map((r) => r.kind),
    ['custody-delegate'],
  );
  // The flat rows (CSV, workbook) follow the PDF's order; labels come from 审计's catalog, which every kind has.
  const known = usageReport(ledgerOf(records.slice(0, 4)), { from: '2026-11-01', to: '2026-11-30' }, { unit: null, now: new Date() });
  assert.deepEqual(
    reportRows(known).map((row) => [row[0], row[3], row[4]]),
    [
      ['用印', '盖章', '甲-0.pdf'],
      ['用印', '盖章', '甲-1.pdf'],
      ['用印', '盖章', '乙-1.pdf'],
    ],
  );
});

test('the CSV opens with the byte order mark and quotes fields with commas, quotes or line breaks', () => {
  const path = join(tempDir('report-csv'), 'r.csv');
  writeReportCsv(path, [
    ['用印', '甲章', '2026年11月2日 09:00', '盖章', '关于"甲,乙"的函.pdf', 'c'.repeat(64), '李四', '张三', '第一行\n第二行', '', '桌面'],
  ]);
  const bytes = readFileSync(path);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const [, line] = bytes.toString('utf8').slice(1).split('\r\n');
  assert.equal(line, `用印,甲章,2026年11月2日 09:00,盖章,"关于""甲,乙""的函.pdf",${'c'.repeat(64)},李四,张三,"第一行\n第二行",,桌面`);
});
