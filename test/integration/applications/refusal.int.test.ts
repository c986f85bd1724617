import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { Applications } from '../../../electron/services/applications/index.ts';
import { FormCatalog } from '../../../electron/services/forms/index.ts';
import { enrol, SyncService } from '../../../electron/services/sync/index.ts';
import { passphraseWrapper, Vault } from '../../../electron/services/vault/index.ts';
import { FORM_CATALOG } from '../../../shared/forms/index.ts';
import type { AppError } from '../../../shared/errors.ts';
import { errorMessage } from '../../../shared/i18n/index.ts';
import type { CenterEnrolment } from '../../../shared/model/center-link.ts';
import { freshCenter, type CenterFixture } from '../../support/center.ts';
import { writeTestPdf } from '../../support/pdf.ts';
import { scanPng } from '../../support/png.ts';

// A clerk's file name with a control character in it (a bell, pasted in): the center refuses the submission.
const BAD_NAME = '网络拓扑图\u0007.png';

const fixture = freshCenter('applications-refusal');
let f: CenterFixture;
let enrolment: CenterEnrolment;
let applications: Applications;
let sync: SyncService;

before(async () => {
  f = await fixture;
  enrolment = await enrol({ url: f.url, code: f.enrolmentCode, signer: f.unit, trustedRoots: f.trustedRoots });
  const vault = new Vault(join(f.dir, 'client'), passphraseWrapper('correct horse battery'));
  applications = new Applications(vault, new FormCatalog(), join(f.dir, 'exports'));
  sync = new SyncService({
    outbox: applications.outbox,
    vault,
    spoolDir: join(f.dir, 'client', 'spool'),
    enrolment: () => enrolment,
    unitSigner: () => Promise.resolve(f.unit),
    partsOf: async (item) => applications.submissionParts(item.source),
  });
});

async function sign(id: string): Promise<void> {
  const { certificate, signer, chain } = await f.tokens.signingKit(f.demo.tokenSerial, '个人证书');
  await applications.sign(id, { signer, chain, holder: certificate.subject.commonName ?? '' });
}

/** 政务外网接入申请 with the topology under `BAD_NAME`, signed and sent: the center refuses it. */
async function refusedApplication(): Promise<string> {
  const example = structuredClone(FORM_CATALOG.find((form) => form.id === 'network-access')?.example ?? {});
  const pdf = join(f.dir, 'report.pdf');
  writeTestPdf(pdf, 1);
  const { id } = applications.create('network-access', example);
  applications.attach(id, 'topology', BAD_NAME, scanPng(96));
  applications.attach(id, 'securityReport', 'assessment.pdf', readFileSync(pdf));
  applications.attach(id, 'securityCommitment', 'commitment.pdf', readFileSync(pdf));
  await sign(id);
  assert.deepEqual((await sync.syncOnce()).failed, [{ id: `${id}-e1`, code: 'CENTER_REJECTED' }]);
  return id;
}

test('a refused application shows 被拒绝 with the center’s detail; back to draft, the draft carries the refusal until it is signed again', async () => {
  const id = await refusedApplication();
  assert.equal(f.center.list().length, 0, 'the center kept nothing');

  // Refused for good: 申请 says so, with the center's reason and detail, while it is still signed.
  const refused = applications.list().find((item) => item.id === id);
  assert.equal(refused?.state, 'signed');
  assert.equal(refused?.refusal?.params['authenticated'], 'yes');
  const message = errorMessage('zh-CN', refused?.refusal ?? { code: 'INTERNAL', params: {} });
  assert.match(message, /^资源中心拒绝了请求：请求内容不符合接口规范（parts\.\d+\.name: part name: /);

  // 待提交's 退回草稿修改: the outbox lets the item go, and the draft keeps why it was refused.
  const [item] = applications.outbox.list();
  assert.equal(item?.state, 'rejected');
  const reopened = applications.reopen(id, sync.remove(item?.id ?? ''));
  assert.equal(reopened.state, 'draft');
  assert.equal(reopened.edition, 2);
  assert.deepEqual(applications.outbox.list(), []);
  assert.equal(errorMessage('zh-CN', applications.open(id).refusal ?? { code: 'INTERNAL', params: {} }), message);
  assert.equal(errorMessage('zh-CN', applications.list()[0]?.refusal ?? { code: 'INTERNAL', params: {} }), message);

  // Fixed and signed again: the refusal is gone and the edition reaches the center.
  applications.attach(id, 'topology', '网络拓扑图.png', scanPng(96));
  assert.notEqual(applications.open(id).refusal, null, 'kept while the draft is edited');
  await sign(id);
  assert.equal(applications.open(id).refusal, null);
  assert.deepEqual((await sync.syncOnce()).sent, [`${id}-e2`]);
  assert.equal(applications.open(id).center?.status, 'received');
});

test('修改 in the editor on a refused application carries the refusal just the same', async () => {
  const id = await refusedApplication();
  const detail = applications.open(id).refusal?.params['detail'];
  assert.match(String(detail), /\.name: /);
  const reopened = applications.reopen(id);
  assert.equal(reopened.state, 'draft');
  assert.equal(reopened.refusal?.params['detail'], detail);
  assert.equal(applications.outbox.has(`${id}-e1`), false);
});

test('a file name over 255 characters is refused when attached, in both languages; 200 Chinese characters (600 bytes) are attached', () => {
  const example = structuredClone(FORM_CATALOG.find((form) => form.id === 'network-access')?.example ?? {});
  const { id } = applications.create('network-access', example);
  const tooLong = `${'网络拓扑图'.repeat(51)}.png`;
  const refusal = (() => {
    try {
      applications.attach(id, 'topology', tooLong, scanPng(96));
    } catch (error) {
      return error as AppError;
    }
    return null;
  })();
  assert.equal(refusal?.code, 'ATTACHMENT_NAME_TOO_LONG');
  const wire = refusal?.toWire() ?? { code: 'INTERNAL', params: {} };
  assert.equal(
    errorMessage('zh-CN', wire),
    '文件名“网络拓扑图网络拓扑图网络拓扑图网络拓扑图…”有 259 个字符，最多允许 255 个。请重命名文件后重新添加。',
  );
  assert.equal(
    errorMessage('en', wire),
    'The file name “网络拓扑图网络拓扑图网络拓扑图网络拓扑图…” is 259 characters long; at most 255 are allowed. Rename the file and attach it again.',
  );
  assert.deepEqual(applications.open(id).attachments, {}, 'nothing attached');

  const long = `${'网络拓扑图'.repeat(39)}图.png`;
  assert.equal([...long].length, 200);
  assert.equal(applications.attach(id, 'topology', long, scanPng(96)).attachments['topology']?.name, long);
});
