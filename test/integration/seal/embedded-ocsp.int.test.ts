import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { pemFromDer, sha256Hex } from '../../../electron/services/pki/index.ts';
import { SealDeskService, verifyDocument } from '../../../electron/services/seal/index.ts';
import { JsonFileSettingsStore } from '../../../electron/services/settings/index.ts';
import { OCSP_PATH } from '../../../shared/center/index.ts';
import { describeTrust } from '../../../shared/i18n/verification.ts';
import { auditTrailIn } from '../../support/audit.ts';
import { freshCenter, type CenterFixture } from '../../support/center.ts';
import { writeTestPdf } from '../../support/pdf.ts';
import { appendDss } from '../../support/validation-data.ts';

// 验章 checks revocation only with what the document carries: an OCSP response an LTV tool put in the
// DSS says the approver's certificate was revoked before it signed, and nothing is fetched to learn it.
const run = promisify(execFile);
const fixture = freshCenter('embedded-ocsp');
let f: CenterFixture;
let desk: SealDeskService;
let signerPem: string;
const at = (name: string): string => join(f.dir, name);

before(async () => {
  f = await fixture;
  desk = new SealDeskService({
    dataDir: at('desk'),
    settings: new JsonFileSettingsStore(at('desk/settings.json')),
    tokens: () => f.tokens,
    extraRootFiles: [f.demo.caCertPath],
    demoImpressions: true,
    audit: auditTrailIn(at('desk'), () => f.tokens),
  });
  await desk.authoriseApprover({ serial: f.demo.tokenSerial, certificate: '个人证书' });
  const { der } = await f.tokens.certificateDer(f.demo.tokenSerial, '个人证书');
  signerPem = at('signer.pem');
  writeFileSync(signerPem, pemFromDer(der, 'CERTIFICATE'));
  // Revoked first, then used: the signature is made after the revocation.
  assert.ok(f.center.revoke(sha256Hex(der), 'keyCompromise'));
  // A PDF states its signing time to the second: let that second pass.
  await sleep(1_100);
});

/**
 * `openssl ocsp` asks the reference center's responder about the approver's certificate; the DER answer.
 * Run without blocking: the center answers from this very process.
 */
async function centerOcspAnswer(): Promise<Uint8Array> {
  const out = at('ocsp.der');
  const args = [
    '-issuer',
    f.demo.caCertPath,
    '-cert',
    signerPem,
    '-url',
    `${f.url}${OCSP_PATH}`,
    '-no_nonce',
    '-noverify',
    '-respout',
    out,
  ];
  await run('openssl', ['ocsp', ...args]);
  return new Uint8Array(readFileSync(out));
}

test('an approval signed with a revoked certificate is reported revoked from the OCSP response in its DSS, naming the certificate', async () => {
  writeTestPdf(at('notice.pdf'), 1);
  const approved = at('notice-approved.pdf');
  await desk.approve({
    serial: f.demo.tokenSerial,
    certificate: '个人证书',
    input: at('notice.pdf'),
    output: approved,
    overwrite: false,
    visible: null,
  });
  const policy = { trustedRoots: f.trustedRoots, approvers: [] };
  const [before] = (await verifyDocument(approved, policy)).signatures;
  assert.deepEqual([before?.trust.status, before?.trust.revocation], ['trusted', 'not-checked'], 'nothing in the document says otherwise');

  const answer = await centerOcspAnswer();
  assert.match(
    execFileSync('openssl', ['ocsp', '-respin', at('ocsp.der'), '-noverify', '-resp_text'], { encoding: 'utf8' }),
    /Cert Status: revoked/,
  );
  appendDss(approved, { certificates: [], crls: [], ocsps: [answer] });

  // verifyDocument is given no way to reach anything: what it knows comes from the file.
  const report = await verifyDocument(approved, policy);
  const [signature] = report.signatures;
  assert.deepEqual([signature?.trust.status, signature?.trust.revocation], ['revoked', 'revoked']);
  assert.equal(signature?.trust.failure?.problem, 'revoked');
  assert.match(describeTrust('zh-CN', signature?.trust ?? { status: 'trusted', failure: null }), /张三/);
  assert.equal(signature?.integrity.intact, true, 'the bytes are as signed; only the certificate is refused');
});
