import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Applications } from '../../../electron/services/applications/index.ts';
import { DraftStore, FormCatalog } from '../../../electron/services/forms/index.ts';
import type { DemoEnvironment } from '../../../electron/services/demo/index.ts';
import type { SealDeskService } from '../../../electron/services/seal/index.ts';
import type { TokenService } from '../../../electron/services/token/index.ts';
import { passphraseWrapper, Vault } from '../../../electron/services/vault/index.ts';
import { FORM_CATALOG } from '../../../shared/forms/index.ts';
import { freshDemo } from '../../support/demo.ts';
import { verifyApplicationSignature } from '../../support/openssl.ts';
import { pdfsig, qpdfCheck, writeTestPdf } from '../../support/pdf.ts';
import { scanPng } from '../../support/png.ts';
import { openSealDesk } from '../../support/seal-desk.ts';
import { tempDir } from '../../support/temp.ts';
import { buildUsbKeyModule } from '../../support/usbkey-module.ts';

const dir = tempDir('applications');
const demoReady = freshDemo('applications');
const catalog = new FormCatalog();
const formById = (id: string) => catalog.formById(id);
const example = structuredClone(FORM_CATALOG.find((f) => f.id === 'network-access')?.example ?? {});
let demo: DemoEnvironment;
let tokens: TokenService;
let desk: SealDeskService;
let applications: Applications;
let usbKey: ReturnType<typeof buildUsbKeyModule>;

const PASSPHRASE = '正确的存储口令 2026';
const openVault = (): Applications =>
  new Applications(new Vault(join(dir, 'vault'), passphraseWrapper(PASSPHRASE)), catalog, join(dir, 'exports'));

async function signingKey() {
  const { certificate, signer, chain } = await tokens.signingKit(demo.tokenSerial, '个人证书');
  return { signer, chain, holder: certificate.subject.commonName ?? '' };
}

function filledDraft(): string {
  const draft = applications.create('network-access', example);
  applications.attach(draft.id, 'topology', 'topology.png', scanPng(96));
  const pdf = join(dir, 'report.pdf');
  writeTestPdf(pdf, 1);
  applications.attach(draft.id, 'securityReport', 'assessment.pdf', readFileSync(pdf));
  applications.attach(draft.id, 'securityCommitment', 'commitment.pdf', readFileSync(pdf));
  return draft.id;
}

const text = (pdf: string): string => spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;

before(async () => {
  demo = await demoReady;
  usbKey = buildUsbKeyModule(demo.modulePath);
  ({ tokens, desk } = await openSealDesk(demo, join(dir, 'seal'), { modulePath: usbKey.path }));
  applications = openVault();
});
after(() => tokens.close());

test('a filled draft signs into the outbox as 待提交; the exported package passes openssl cms -verify with the demo CA', async () => {
  const id = filledDraft();
  assert.deepEqual(applications.open(id).errors, []);
  const signed = await applications.sign(id, await signingKey());
  assert.equal(signed.state, 'signed');
  assert.equal(signed.queued, true);
  assert.deepEqual(
    applications.outbox.list().map((item) => [item.source, item.state, item.title]),
    [[id, 'pending', '政务外网接入申请']],
  );
  const exported = await applications.exportPackage(id);
  const verified = verifyApplicationSignature(exported, demo.caCertPath);
  assert.ok(verified.ok, verified.output);
  assert.deepEqual(readdirSync(join(exported, 'attachments')).sort(), ['assessment.pdf', 'commitment.pdf', 'topology.png']);
  assert.throws(() => applications.save(id, {}), { code: 'DRAFT_SIGNED' });
  assert.throws(() => applications.remove(id), { code: 'DRAFT_SIGNED' });

  const reopened = applications.reopen(id);
  assert.equal(reopened.state, 'draft');
  assert.equal(reopened.edition, 2);
  assert.equal(reopened.signature, null);
  assert.deepEqual(applications.outbox.list(), []);
});

test('printed: an A4 PDF that qpdf accepts, with the title, the fields, each attachment digest, and room for the seal; it approves and seals valid', async () => {
  const id = filledDraft();
  await applications.sign(id, await signingKey());
  const printed = applications.print(id);
  assert.ok(qpdfCheck(printed).ok);
  const shown = text(printed);
  assert.match(shown, /政务外网接入申请/);
  assert.match(shown, /统一社会信用代码\s+11350100MB00000012/);
  assert.match(shown, /申请日期\s+2026年11月20日/);
  assert.match(shown, /申请单位（盖章）/);
  const digest = applications.open(id).attachments['topology']?.sha256 ?? '';
  assert.ok(shown.replace(/\s+/g, '').includes(digest), 'the topology digest is printed');
  const sizes = spawnSync('pdfinfo', [printed], { encoding: 'utf8' }).stdout;
  assert.match(sizes, /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);

  const approved = join(dir, 'approved.pdf');
  const sealed = join(dir, 'sealed.pdf');
  await desk.approve({
    input: printed,
    output: approved,
    serial: demo.tokenSerial,
    certificate: '个人证书',
    visible: null,
    overwrite: false,
  });
  await desk.seal({
    input: approved,
    output: sealed,
    serial: demo.tokenSerial,
    certificate: '电子印章',
    placement: { page: 'last', xMm: 150, yMm: 240 },
    crossPage: false,
    final: true,
    overwrite: false,
  });
  assert.deepEqual(pdfsig(sealed).validations, ['Signature is Valid.', 'Signature is Valid.']);
});

test('drafts and attachments are encrypted at rest and read back after a restart', () => {
  const id = filledDraft();
  for (const collection of ['drafts', 'attachments']) {
    for (const file of readdirSync(join(dir, 'vault', collection))) {
      const bytes = readFileSync(join(dir, 'vault', collection, file));
      assert.equal(bytes.includes(Buffer.from('示例市大数据管理局')), false);
      assert.equal(bytes.includes(Buffer.from('IHDR')), false);
    }
  }
  assert.equal(openVault().open(id).attachments['topology']?.name, 'topology.png');
  assert.throws(() => new Vault(join(dir, 'vault'), passphraseWrapper('错误的口令 0000')), { code: 'PASSPHRASE_INCORRECT' });
});

test('bad input leaves the draft as it was: wrong type, too large, low-resolution scan, invalid data, token signing refused', async () => {
  const id = filledDraft();
  const before = applications.open(id);
  assert.throws(() => applications.attach(id, 'topology', 'topology.png', Buffer.from('not a png')), { code: 'ATTACHMENT_WRONG_TYPE' });
  const huge = Buffer.concat([readFileSync(join(dir, 'report.pdf')), Buffer.alloc(21 * 1024 * 1024)]);
  assert.throws(() => applications.attach(id, 'topology', 'big.pdf', huge), { code: 'ATTACHMENT_TOO_LARGE' });
  const seal = applications.create('seal-creation');
  assert.throws(() => applications.attach(seal.id, 'impressionScan1', 'scan.png', scanPng(150)), { code: 'SCAN_RESOLUTION_LOW' });
  assert.deepEqual(applications.open(id).attachments, before.attachments);

  applications.save(id, { ...example, handler: { ...(example['handler'] as object), idNumber: '110105194912310021' } });
  await assert.rejects(applications.sign(id, await signingKey()), { code: 'FORM_INVALID' });
  await tokens.logout(demo.tokenSerial);
  applications.save(id, example);
  await assert.rejects(applications.sign(id, await signingKey()), { code: 'TOKEN_NOT_LOGGED_IN' });
  await tokens.login(demo.tokenSerial, demo.pin);
  const after = applications.open(id);
  assert.equal(after.state, 'draft');
  assert.equal(after.queued, false);
});

test('a draft made with an older form version opens carried over, with answers the form no longer asks kept aside', () => {
  const store = new DraftStore(new Vault(join(dir, 'vault'), passphraseWrapper(PASSPHRASE)));
  const draft = store.create(formById('front-end-change'));
  store.update(draft.id, () => ({ formVersion: 0, data: { machineAddress: '10.12.8.30', fax: '0591-1234567' } }));
  const opened = applications.open(draft.id);
  assert.equal(opened.migratedFrom, 0);
  assert.equal(opened.formVersion, 1);
  assert.deepEqual(opened.data, { machineAddress: '10.12.8.30' });
  assert.deepEqual(opened.legacy, { fax: '0591-1234567' });
  assert.equal(applications.open(draft.id).migratedFrom, null);
});

test('the USBKey pulled out as the signature is made: TOKEN_REMOVED, the draft stays an editable draft and out of the outbox', async () => {
  const id = filledDraft();
  const key = await signingKey();
  const pulledWhileSigning = {
    ...key,
    signer: {
      ...key.signer,
      sign: (data: Uint8Array, algorithm: Parameters<typeof key.signer.sign>[1]) => {
        usbKey.unplug();
        return key.signer.sign(data, algorithm);
      },
    },
  };
  try {
    await assert.rejects(applications.sign(id, pulledWhileSigning), { code: 'TOKEN_REMOVED' });
  } finally {
    usbKey.plugIn();
  }
  const after = applications.open(id);
  assert.equal(after.state, 'draft');
  assert.deepEqual(after.errors, []);
  assert.equal(
    applications.outbox.list().some((item) => item.source === id),
    false,
  );
});

test('an imported application counts each file it names but lacks; a file removed is gone from the draft and the store, and read back whole before', async () => {
  const draft = applications.create('network-access', example);
  const missing = draft.errors.filter((e) => e.code === 'attachmentMissing').map((e) => `${e.path}:${e.params['name']}`);
  assert.deepEqual(missing, ['topology:topology.png', 'securityReport:assessment.pdf', 'securityCommitment:commitment.pdf']);
  const id = filledDraft();
  assert.deepEqual(applications.open(id).errors, []);

  const png = scanPng(96);
  const head = applications.attachmentRange(id, 'topology', 0, 10);
  assert.equal(head.size, png.length);
  assert.deepEqual(head.bytes, png.subarray(0, 10));
  const filesBefore = readdirSync(join(dir, 'vault', 'attachments')).length;
  const removed = applications.detach(id, 'securityReport');
  assert.equal(removed.attachments['securityReport'], undefined);
  assert.equal(removed.data['securityReport'], undefined);
  assert.deepEqual(
    removed.errors.map((e) => `${e.path}:${e.code}`),
    ['securityReport:required'],
  );
  assert.equal(readdirSync(join(dir, 'vault', 'attachments')).length, filesBefore - 1, 'the encrypted copy is removed');
  await assert.rejects(applications.sign(id, await signingKey()), { code: 'FORM_INVALID' });
});
