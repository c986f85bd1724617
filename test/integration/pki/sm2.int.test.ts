import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as pkijs from 'pkijs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildCertificateRequest, checkCrl, describeCertificate, evaluateTrust, pemFromDer } from '../../../electron/services/pki/index.ts';
import { approveDocument, ImpressionStore, sealDocument, verifyDocument } from '../../../electron/services/seal/index.ts';
import { qpdfCheck, writeTestPdf } from '../../support/pdf.ts';
import { opensslChecksSm2Cms, opensslVerifiesSm2, sm2Crl, sm2Leaf, sm2Root } from '../../support/sm2.ts';
import { tempDir } from '../../support/temp.ts';

// GM USBKeys sign with SM2; SoftHSM2 cannot, so software SM2 keys stand behind the same signer interface.
const dir = tempDir('sm2');
const root = sm2Root(dir, 'SM2 测试根 CA');
const approver = sm2Leaf(dir, root, '/CN=李四/O=示例市大数据管理局', 'approver');
const seal = sm2Leaf(dir, root, '/CN=示例市大数据管理局电子印章/O=示例市大数据管理局', 'seal');

/** The last signature's CMS and the bytes its /ByteRange covers, as a validator extracts them. */
function lastSignature(path: string): { cms: Uint8Array; content: Buffer } {
  const file = readFileSync(path);
  const ranges = [...file.toString('latin1').matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const [a, b, c, d] = (ranges.at(-1) ?? []).slice(1).map(Number) as [number, number, number, number];
  const hex = file.subarray(a + b + 1, c - 1).toString('latin1');
  const cms = Buffer.from(hex, 'hex');
  const length = cms[1] === 0x82 ? 4 + cms.readUInt16BE(2) : 5 + cms.readUIntBE(2, 3);
  return { cms: cms.subarray(0, length), content: Buffer.concat([file.subarray(a, a + b), file.subarray(c, c + d)]) };
}

test('SM2 chains are verified with SM3 and the default ID, as openssl verify -vfyopt distid does', async () => {
  for (const leaf of [approver, seal]) {
    assert.equal(opensslVerifiesSm2(leaf.certPath, root.certPath), true);
    const trust = evaluateTrust(leaf.certificate, [], [root.certificate], new Date(), { purpose: 'signing' });
    assert.equal(trust.status, 'trusted');
  }
  const emptyId = sm2Leaf(dir, root, '/CN=空 ID 签发', 'empty-id', false);
  assert.equal(opensslVerifiesSm2(emptyId.certPath, root.certPath), false, 'signed with an empty ID, not GM/T 0009');
  const trust = evaluateTrust(emptyId.certificate, [], [root.certificate], new Date(), { purpose: 'signing' });
  assert.equal(trust.status, 'chain-invalid');
  assert.equal(trust.failure?.problem, 'signature-invalid');
});

test('an SM2 approver and an SM2 seal sign a PDF (GM/T 0010 CMS): SealDesk and openssl both accept them, and a later edit shows', async () => {
  const input = join(dir, 'notice.pdf');
  writeTestPdf(input, 2);
  const approverDetails = describeCertificate(approver.certificate);
  const policy = { trustedRoots: [root.certificate], approvers: [{ label: '李四', fingerprintSha256: approverDetails.fingerprintSha256 }] };
  const approved = join(dir, 'notice-approved.pdf');
  const common = { overwrite: false, chain: [], policy };
  await approveDocument({ ...common, input, output: approved, signer: approver.signer, signerDetails: approverDetails, visible: null });
  const sealDetails = describeCertificate(seal.certificate);
  const impressions = new ImpressionStore(join(dir, 'impressions'));
  impressions.ensureDemo(sealDetails.fingerprintSha256, '示例市大数据管理局');
  const sealed = join(dir, 'notice-sealed.pdf');
  await sealDocument({
    ...common,
    input: approved,
    output: sealed,
    signer: seal.signer,
    signerDetails: sealDetails,
    impression: impressions.load(sealDetails.fingerprintSha256, 'seal'),
    placement: { page: 'last', xMm: 150, yMm: 240 },
    crossPage: false,
    final: true,
  });

  const report = await verifyDocument(sealed, policy);
  assert.equal(report.signatures.length, 2);
  for (const signature of report.signatures) {
    assert.equal(signature.integrity.intact, true, signature.integrity.problems.join(', '));
    assert.equal(signature.trust.status, 'trusted');
  }
  assert.equal(report.locked, true);
  assert.equal(qpdfCheck(sealed).ok, true);

  const { cms, content } = lastSignature(sealed);
  const contentPath = join(dir, 'signed-range.bin');
  writeFileSync(contentPath, content);
  assert.deepEqual(opensslChecksSm2Cms(cms, contentPath, seal.certPath, dir), { digest: true, signature: true });

  const edited = join(dir, 'notice-edited.pdf');
  const bytes = readFileSync(sealed);
  bytes[200] = bytes[200] === 0x41 ? 0x42 : 0x41;
  writeFileSync(edited, bytes);
  const after = await verifyDocument(edited, policy);
  assert.ok(after.signatures.every((s) => !s.integrity.intact && s.integrity.problems.includes('digest-mismatch')));
});

test('a CRL from an SM2 CA is read: its signature checks with the default ID and it lists the revoked seal', async () => {
  const crl = sm2Crl(tempDir('sm2-crl'), root, [seal]);
  const check = await checkCrl(crl, root.certificate);
  assert.equal(check.issuedBy, true);
  assert.notEqual(check.revokedAt(seal.certificate), null);
  assert.equal(check.revokedAt(approver.certificate), null);
  const otherRoot = sm2Root(tempDir('sm2-other'), 'SM2 其他 CA');
  assert.equal((await checkCrl(crl, otherRoot.certificate)).issuedBy, false);
});

test('an SM2 key signs its own certificate request (renewal): openssl req -verify accepts it with the default ID only', async () => {
  const certificate = pkijs.Certificate.fromBER(new Uint8Array(seal.certificate));
  const subject = new Uint8Array(certificate.subject.toSchema().toBER());
  const spki = new Uint8Array(certificate.subjectPublicKeyInfo.toSchema().toBER());
  const csrPath = join(dir, 'renewal.csr');
  writeFileSync(csrPath, pemFromDer(await buildCertificateRequest(subject, spki, seal.signer), 'CERTIFICATE REQUEST'));
  // openssl req exits 0 either way; its verdict is in the words.
  const verify = (extra: string[]): boolean =>
    /self-signature verify OK/.test(
      spawnSync('openssl', ['req', '-verify', '-noout', '-in', csrPath, ...extra], { encoding: 'utf8' }).stderr,
    );
  assert.equal(verify(['-vfyopt', 'distid:1234567812345678']), true);
  assert.equal(verify([]), false, 'not signed with an empty ID');
});
