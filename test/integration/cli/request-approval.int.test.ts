// `sealdesk request-approval`: 送签发 from the command line over the same service as the window, on the
// ledger as `audit list` shows it, refused with its reason for an approver off the list or a file already approved.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { AuditLedgerSchema } from '../../../shared/model/audit.ts';
import { parseExports, runSealdesk } from '../../support/cli.ts';
import { writeTestPdf } from '../../support/pdf.ts';
import { tempDir } from '../../support/temp.ts';

const work = tempDir('request-approval-cli');
let env: NodeJS.ProcessEnv = {};
const at = (name: string): string => join(work, name);

before(() => {
  const init = runSealdesk(['demo', 'init', '--dir', join(work, 'demo')], { SEALDESK_HOME: join(work, 'home') });
  assert.equal(init.code, 0, init.stderr);
  env = parseExports(init.stdout);
});

test('request-approval puts the request on the ledger; audit list shows it with the approver and the document', () => {
  writeTestPdf(at('通知.pdf'), 1);
  const sha256 = createHash('sha256')
    .update(readFileSync(at('通知.pdf')))
    .digest('hex');
  const sent = runSealdesk(['request-approval', at('通知.pdf'), '--approver', '张三', '--note', '请今天签发'], env);
  assert.equal(sent.code, 0, sent.stderr);
  assert.equal(sent.stdout, `已请 张三 签发 ${at('通知.pdf')}（SHA-256 ${sha256}）\n`);

  const listed = runSealdesk(['audit', 'list', '--kind', 'approval-request'], env);
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(
    listed.stdout,
    new RegExp(`\\t送签发\\t张三\\t-\\t张三\\t通知\\.pdf \\(SHA-256 ${sha256}\\)\\t请今天签发\\t.*通知\\.pdf\\t命令行`),
  );
  const json = AuditLedgerSchema.parse(JSON.parse(runSealdesk(['audit', 'list', '--json'], env).stdout));
  assert.deepEqual(
    json.entries.map((e) => [e.record.kind, e.record.method, e.record.approver, e.record.document?.sha256, e.record.output]),
    [['approval-request', 'cli', '张三', sha256, at('通知.pdf')]],
  );
});

test('an approver off the list and a document approved already are refused, in the user’s language, and nothing is recorded', () => {
  writeTestPdf(at('函.pdf'), 2);
  const unknown = runSealdesk(['request-approval', at('函.pdf'), '--approver', '王五'], { ...env, SEALDESK_LANG: 'en' });
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stderr, "“王五” is not on the unit's list of approvers. Choose an approver from the list. [APPROVER_NOT_LISTED]\n");

  const approved = runSealdesk(['approve', at('函.pdf'), '--cert', '个人证书'], env);
  assert.equal(approved.code, 0, approved.stderr);
  const again = runSealdesk(['request-approval', at('函-已签发.pdf'), '--approver', '张三'], env);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /函-已签发\.pdf 已由 张三 签发，无需再送签发，可以直接盖章。 \[DOCUMENT_ALREADY_APPROVED\]/);

  const missingApprover = runSealdesk(['request-approval', at('函.pdf')], env);
  assert.equal(missingApprover.code, 2, 'usage: --approver is required');
  const kinds = AuditLedgerSchema.parse(JSON.parse(runSealdesk(['audit', 'list', '--json'], env).stdout)).entries.map((e) => e.record.kind);
  assert.deepEqual(kinds, ['approval-request', 'approve']);
});
