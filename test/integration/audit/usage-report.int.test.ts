// The usage report (签章和打印汇总表) from the command line, on the demo's SoftHSM2 token and its center:
// made for a period, checked by qpdf, approved and sealed (pdfsig says both signatures are valid), its
// CSV and workbook rows are the ledger's, and it reaches the center as a report of this unit only.
import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { DEMO_UNIT } from '../../../electron/services/demo/index.ts';
import { AuditLedgerSchema } from '../../../shared/model/audit.ts';
import { localDay } from '../../../shared/model/audit-report.ts';
import { killGroup, parseExports, runSealdesk, runSealdeskAsync, startSealdesk } from '../../support/cli.ts';
import { pdfsig, qpdfCheck, writeTestPdf } from '../../support/pdf.ts';
import { tempDir } from '../../support/temp.ts';

const work = tempDir('usage-report');
const at = (name: string): string => join(work, name);
let env: NodeJS.ProcessEnv = {};
let center: ChildProcess | null = null;
const today = localDay(new Date());

async function sealdesk(...args: string[]): Promise<string> {
  const run = await runSealdeskAsync(args, env);
  assert.equal(run.code, 0, `sealdesk ${args.join(' ')}: ${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

before(async () => {
  const init = runSealdesk(['demo', 'init', '--dir', at('demo')], { SEALDESK_HOME: at('home') });
  assert.equal(init.code, 0, init.stderr);
  env = { ...parseExports(init.stdout), SEALDESK_HOME: at('home'), SEALDESK_LANG: 'zh-CN' };
  center = await startSealdesk(['center', 'serve'], env, /http:\/\//);
  await sealdesk('enrol');
  for (const name of ['通知', '函']) {
    writeTestPdf(at(`${name}.pdf`), 1);
    await sealdesk('approve', at(`${name}.pdf`), '-o', at(`${name}-已签发.pdf`), '--cert', '个人证书', '--purpose', '对外发文');
    await sealdesk(
      'seal',
      at(`${name}-已签发.pdf`),
      '-o',
      at(`${name}-已盖章.pdf`),
      '--seal',
      '电子印章',
      '--page',
      '1',
      '--x',
      '140',
      '--y',
      '200',
    );
  }
});
after(() => center && killGroup(center));

/** The period's seal records as `audit list` gives them: what the report's rows must be. */
async function sealRecords() {
  const listed = AuditLedgerSchema.parse(
    JSON.parse(await sealdesk('audit', 'list', '--kind', 'seal', '--from', today, '--to', today, '--json')),
  );
  return listed.entries.map((entry) => entry.record);
}

function csvRows(path: string): string[][] {
  const text = readFileSync(path, 'utf8');
  return text
    .slice(1)
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => line.split(','));
}

test('the report is made, approved, sealed, exported and sent to the center as this unit’s report', async () => {
  const seals = await sealRecords();
  assert.equal(seals.length, 2);
  const made = await sealdesk(
    'audit',
    'report',
    '--from',
    today,
    '--to',
    today,
    '-o',
    at('汇总表.pdf'),
    '--csv',
    at('汇总表.csv'),
    '--xlsx',
    at('汇总表.xlsx'),
  );
  const spot = /第 (\d+) 页，x (\d+) 毫米，y (\d+) 毫米/.exec(made);
  assert.ok(spot, made);
  assert.match(made, /用印 2 次/);

  // qpdf finds the PDF sound; its text names each sealed document with its digest and approver.
  const check = qpdfCheck(at('汇总表.pdf'));
  assert.ok(check.ok, check.output);
  const text = spawnSync('pdftotext', ['-layout', at('汇总表.pdf'), '-'], { encoding: 'utf8' }).stdout;
  assert.match(text, /签章和打印汇总表/);
  assert.match(text, new RegExp(`单位：${DEMO_UNIT}`));
  const compact = text.replace(/\s/g, '');
  for (const record of seals) {
    assert.ok(compact.includes(record.document?.name ?? '?'), record.document?.name);
    assert.ok(compact.includes(record.document?.sha256 ?? '?'), 'digest printed');
  }
  assert.match(text, /张三/);

  // The CSV starts with the UTF-8 byte order mark, and its rows are the ledger's seal records.
  assert.deepEqual([...readFileSync(at('汇总表.csv')).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const [header, ...rows] = csvRows(at('汇总表.csv'));
  assert.deepEqual(header?.slice(0, 7), ['类别', '印章/证书', '时间', '事项', '文件', 'SHA-256', '签发人']);
  const fromLedger = seals.map((r) => ['用印', r.subject?.name, r.document?.name, r.document?.sha256, r.approver, r.operator]);
  assert.deepEqual(
    rows.map((row) => [row[0], row[1], row[4], row[5], row[6], row[7]]),
    fromLedger,
  );

  // The workbook, read back with exceljs, holds the same rows.
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(at('汇总表.xlsx'));
  const sheet = workbook.worksheets[0];
  assert.ok(sheet);
  const cells: string[][] = [];
  sheet.eachRow((row) => cells.push(Array.from({ length: header?.length ?? 0 }, (_, i) => String(row.getCell(i + 1).value ?? ''))));
  assert.deepEqual(cells, [header, ...rows]);

  // Approved beside the seal area and sealed over it: pdfsig says both signatures are valid.
  const [, page = '', x = '', y = ''] = spot;
  await sealdesk('approve', at('汇总表.pdf'), '-o', at('汇总表-已签发.pdf'), '--cert', '个人证书', '--page', page, '--x', '70', '--y', y);
  await sealdesk('seal', at('汇总表-已签发.pdf'), '-o', at('汇总表-已盖章.pdf'), '--seal', '电子印章', '--page', page, '--x', x, '--y', y);
  assert.deepEqual(pdfsig(at('汇总表-已盖章.pdf')).validations, ['Signature is Valid.', 'Signature is Valid.']);
  assert.ok(qpdfCheck(at('汇总表-已盖章.pdf')).ok);

  // Sent as a report, beside an ordinary sealed document: the center lists the report, for this unit only.
  await sealdesk('submit', at('汇总表-已盖章.pdf'), '--report', '--from', today, '--to', today);
  await sealdesk('submit', at('通知-已盖章.pdf'));
  const queued = JSON.parse(await sealdesk('outbox', '--json')) as { kind: string; period: unknown }[];
  assert.deepEqual(
    queued.map((item) => [item.kind, item.period]),
    [
      ['usage-report', { from: today, to: today }],
      ['document', null],
    ],
  );
  await sealdesk('sync', '--once');
  const units = JSON.parse(await sealdesk('center', 'reports', '--json')) as {
    unitName: string;
    reports: { kind: string; title: string }[];
  }[];
  assert.deepEqual(
    units.map((unit) => [unit.unitName, unit.reports.map((r) => r.kind)]),
    [[DEMO_UNIT, ['usage-report']]],
  );
  assert.match(units[0]?.reports[0]?.title ?? '', /^签章和打印汇总表（/);
  assert.equal((JSON.parse(await sealdesk('center', 'list', '--json')) as unknown[]).length, 2);
  assert.deepEqual(JSON.parse(await sealdesk('center', 'reports', '--unit', '示例市卫生健康委员会', '--json')), []);
  const listing = await sealdesk('center', 'reports', '--unit', DEMO_UNIT);
  assert.match(listing, new RegExp(`^${DEMO_UNIT}\\n .*签章和打印汇总表`));
});

test('a period whose start is after its end is refused with the usage', async () => {
  const run = await runSealdeskAsync(['audit', 'report', '--from', '2026-12-01', '--to', '2026-11-01', '-o', at('x.pdf')], env);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--from must not be after --to/);
});
