// 代管 on the demo's SoftHSM2 token: the custodian 张三 (the 个人证书 on the seal's USBKey) hands the seal to
// 李四 for a period, approved by the office head 王五, each on their own USBKey. Outside the period the
// stand-in's seal is refused with the reason; inside it 李四 seals and the ledger names him, for 张三; a
// return ends it early; every custody change is one ledger record; the signed 交接单 prints.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ledger } from '../../../electron/services/audit/index.ts';
import { CUSTODY_FILES, CustodyRecords, CustodyService } from '../../../electron/services/custody/index.ts';
import { passphraseWrapper, Vault } from '../../../electron/services/vault/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { errorMessage } from '../../../shared/i18n/index.ts';
import type { AuditRecord } from '../../../shared/model/audit.ts';
import { countCalls } from '../../support/count-calls.ts';
import { opensslCmsVerify } from '../../support/openssl.ts';
import { qpdfCheck, writeTestPdf } from '../../support/pdf.ts';
import { addPersonalKey } from '../../support/second-key.ts';
import { useSealDesk } from '../../support/seal-desk.ts';

const keys = { standIn: { serial: '', fingerprint: '', caPath: '' }, head: { serial: '', fingerprint: '', caPath: '' } };
const HOUR = 3_600_000;

const f = useSealDesk('custody', async (f) => {
  const relogin = { serial: f.demo.tokenSerial, pin: f.demo.pin };
  keys.standIn = await addPersonalKey(f.tokens, { name: '李四', label: '李四的 USBKey', idHex: '31' }, f.demo.pin, relogin, f.work);
  keys.head = await addPersonalKey(f.tokens, { name: '王五', label: '王五的 USBKey', idHex: '32' }, f.demo.pin, relogin, f.work);
  for (const serial of [keys.standIn.serial, keys.head.serial]) await f.tokens.login(serial, f.demo.pin);
  // 王五, the office head, may approve; 张三 (the custodian) already may.
  await f.desk.authoriseApprover({ serial: keys.head.serial, certificate: '个人证书' });
});
const data = (): string => join(f.work, 'data');

function custody(now?: Date): CustodyService {
  const { settings, audit } = f.desk.options;
  return new CustodyService({ dataDir: data(), settings, tokens: () => f.tokens, audit, ...(now ? { now: () => now } : {}) });
}

function records(): AuditRecord[] {
  const ledger = Ledger.in(data()).read(new Vault(join(data(), 'vault'), passphraseWrapper('custody test')));
  assert.deepEqual(ledger.problems, []);
  return ledger.entries.map((e) => e.record);
}

async function recordsOf(act: () => Promise<unknown>): Promise<AuditRecord[]> {
  const before = records().length;
  await act();
  return records().slice(before);
}

const request = (from: Date, until: Date) => ({
  standIn: { serial: keys.standIn.serial, certificate: '个人证书' },
  approver: { serial: keys.head.serial, certificate: '个人证书' },
  from,
  until,
  reason: '保管人出差',
  pendingWork: '《关于开展数据共享的通知》待盖章',
});

let approvedCount = 0;
/** Documents approved by 张三, ready for a seal. */
async function approvedDocuments(count: number): Promise<string[]> {
  const approved: string[] = [];
  for (let i = 0; i < count; i++) {
    const input = join(f.work, `通知-${++approvedCount}.pdf`);
    writeTestPdf(input, 1);
    const output = join(f.work, `通知-${approvedCount}-已签发.pdf`);
    await f.desk.approve({ serial: f.demo.tokenSerial, certificate: '个人证书', input, output, overwrite: false, visible: null });
    approved.push(output);
  }
  return approved;
}

const sealJob = () => ({
  serial: f.demo.tokenSerial,
  certificate: '电子印章',
  overwrite: false,
  placement: { page: 1 as const, xMm: 60, yMm: 40 },
  crossPage: false,
  final: false,
});

async function seal(): Promise<AuditRecord[]> {
  const [approved = ''] = await approvedDocuments(1);
  return recordsOf(() => f.desk.seal({ ...sealJob(), input: approved, output: approved.replace('-已签发.pdf', '-已盖章.pdf') }));
}

async function refusedSeal(code: string): Promise<AppError> {
  const before = records().length;
  let refused: unknown = null;
  await seal().catch((error: unknown) => (refused = error));
  assert.ok(refused instanceof AppError, 'the seal is refused');
  assert.equal(refused.code, code);
  assert.equal(records().length, before + 1, 'only the approval is on record, no seal');
  return refused;
}

test('a delegation whose period is over refuses the stand-in, with the period in local time', async () => {
  const [record, ...extra] = await recordsOf(() =>
    // Local times, as the office's clock shows them.
    custody(new Date(2026, 0, 1, 8)).delegate(request(new Date(2026, 0, 2), new Date(2026, 0, 3, 23, 59, 59))),
  );
  assert.deepEqual(extra, []);
  assert.equal(record?.kind, 'custody-delegate');
  const refused = await refusedSeal('CUSTODY_OUTSIDE_PERIOD');
  assert.equal(
    errorMessage('zh-CN', refused.toWire()),
    '李四 的代管期为 2026年1月2日 00:00 至 2026年1月3日 23:59，现在不在代管期内，不能盖章。',
  );
  assert.match(errorMessage('en', refused.toWire()), /^李四's custody runs from 2 Jan 2026, 00:00 to 3 Jan 2026, 23:59/);
  assert.equal(custody().status().entries[0]?.state, 'ended');
});

test('the handover is signed by approver, custodian and stand-in, printed, and one ledger record', async () => {
  const from = new Date(Date.now() + 24 * HOUR);
  const [record, ...extra] = await recordsOf(() => custody().delegate(request(from, new Date(from.getTime() + 72 * HOUR))));
  assert.deepEqual(extra, []);
  const [entry] = custody().status().entries;
  assert.ok(entry);
  assert.equal(entry.state, 'scheduled');
  assert.deepEqual(
    [record?.kind, record?.operator, record?.approver, record?.purpose, record?.output],
    ['custody-delegate', '张三', '王五', '李四：保管人出差', join(data(), 'custody', entry.delegation.id)],
  );
  assert.deepEqual(
    [entry.delegation.custodian.name, entry.delegation.standIn.name, entry.delegation.approver.name, entry.delegation.seals.length],
    ['张三', '李四', '王五', 1],
  );

  const folder = join(data(), 'custody', entry.delegation.id);
  const content = join(folder, CUSTODY_FILES.delegation);
  for (const [file, ca] of [
    [CUSTODY_FILES.custodian, f.demo.caCertPath],
    [CUSTODY_FILES.standIn, keys.standIn.caPath],
    [CUSTODY_FILES.approver, keys.head.caPath],
  ] as const) {
    const verified = opensslCmsVerify(join(folder, file), content, ca);
    assert.ok(verified.ok, `${file}: ${verified.output}`);
  }
  const pdf = qpdfCheck(entry.handoverPdf);
  assert.ok(pdf.ok, pdf.output);
  const text = spawnSync('pdftotext', ['-layout', entry.handoverPdf, '-'], { encoding: 'utf8' }).stdout;
  for (const expected of [
    '印章代管交接单',
    '保管人',
    '张三',
    '代管人',
    '李四',
    '审批人',
    '王五',
    '保管人出差',
    '待盖章',
    f.demo.tokenSerial,
  ])
    assert.ok(text.includes(expected), `交接单 shows ${expected}:\n${text}`);

  // Not begun: the stand-in's seal is refused; a second delegation of the same seal too.
  await refusedSeal('CUSTODY_OUTSIDE_PERIOD');
  await assert.rejects(custody().delegate(request(new Date(), new Date(Date.now() + HOUR))), { code: 'CUSTODY_ALREADY_DELEGATED' });
});

test('a return ends the delegation early, signed by both, one ledger record; the stand-in is refused after it', async () => {
  const [record, ...extra] = await recordsOf(() => custody().takeBack());
  assert.deepEqual(extra, []);
  assert.deepEqual([record?.kind, record?.operator, record?.purpose], ['custody-return', '张三', '李四']);
  const [entry] = custody().status().entries;
  assert.equal(entry?.state, 'returned');
  const folder = join(data(), 'custody', entry?.delegation.id ?? '');
  assert.ok(opensslCmsVerify(join(folder, CUSTODY_FILES.returnCustodian), join(folder, CUSTODY_FILES.return), f.demo.caCertPath).ok);
  assert.ok(opensslCmsVerify(join(folder, CUSTODY_FILES.returnStandIn), join(folder, CUSTODY_FILES.return), keys.standIn.caPath).ok);
  assert.ok(qpdfCheck(entry?.returnPdf ?? '').ok);
  await refusedSeal('CUSTODY_RETURNED');
  await assert.rejects(custody().takeBack(), { code: 'CUSTODY_NONE' });
});

test('within the period the stand-in seals and the ledger names him as operator, for the custodian', async () => {
  await custody().delegate(request(new Date(Date.now() - 60_000), new Date(Date.now() + HOUR)));
  const [sealRecord, ...extra] = await seal().then((added) => added.filter((r) => r.kind === 'seal'));
  assert.deepEqual(extra, []);
  assert.deepEqual([sealRecord?.operator, sealRecord?.custodian, sealRecord?.approver], ['李四', '张三', '张三']);

  // 批量盖章: every document's record names the stand-in, and the custody folder is read once for the batch.
  const inputs = await approvedDocuments(3);
  const reads = countCalls(CustodyRecords.prototype, 'status');
  const batch = await recordsOf(() =>
    f.desk.sealBatch({ ...sealJob(), inputs, outDir: f.work }).then((outcomes) => {
      assert.deepEqual(
        outcomes.map((o) => o.error),
        [null, null, null],
      );
    }),
  ).finally(reads.restore);
  assert.equal(reads.count(), 1);
  assert.deepEqual(
    batch.map((r) => [r.kind, r.method, r.operator, r.custodian]),
    Array(3).fill(['seal', 'batch', '李四', '张三']),
  );
  await custody().takeBack();
  const [afterReturn] = (await refusedSeal('CUSTODY_RETURNED').then(() => records())).slice(-1);
  assert.equal(afterReturn?.kind, 'approve');
});

test('a party to the handover cannot approve it, and the custodian cannot be their own stand-in', async () => {
  await assert.rejects(
    custody().delegate({
      ...request(new Date(), new Date(Date.now() + HOUR)),
      approver: { serial: f.demo.tokenSerial, certificate: '个人证书' },
    }),
    { code: 'CUSTODY_APPROVER_IS_PARTY' },
  );
  await assert.rejects(
    custody().delegate({
      ...request(new Date(), new Date(Date.now() + HOUR)),
      standIn: { serial: f.demo.tokenSerial, certificate: '个人证书' },
    }),
    { code: 'CUSTODY_STAND_IN_INVALID' },
  );
});

test("within the period, without the stand-in's key no one seals: refused until the custodian takes the seal back", async () => {
  const until = new Date(2099, 5, 30, 18, 0);
  await custody().delegate(request(new Date(Date.now() - 60_000), until));
  // 李四's USBKey no longer holds his certificate: as if his key were not inserted.
  assert.ok((await f.tokens.destroyObjects(keys.standIn.serial, '31')) > 0);
  const refused = await refusedSeal('CUSTODY_STAND_IN_ABSENT');
  assert.equal(
    errorMessage('zh-CN', refused.toWire()),
    '印章由 李四 代管至 2099年6月30日 18:00：请插入代管人的 USBKey 再盖章，或由保管人先办理收回。',
  );
  assert.match(
    errorMessage('en', refused.toWire()),
    /^The seal is in the custody of 李四 until 30 Jun 2099, 18:00: insert the stand-in's USBKey/,
  );
  assert.equal(
    custody()
      .status()
      .entries.find((e) => e.state === 'active')?.delegation.standIn.name,
    '李四',
    'the delegation still runs',
  );
});
