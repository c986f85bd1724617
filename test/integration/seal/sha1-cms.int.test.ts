import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { softwareSigner } from '../../../center/authority.ts';
import { TimestampAuthority } from '../../../center/tsa.ts';
import { timestampRequest, tokenFromReply } from '../../../electron/services/cms/index.ts';
import { pemFromDer } from '../../../electron/services/pki/index.ts';
import { verifyDocument } from '../../../electron/services/seal/index.ts';
import { describeIntegrity, describeLegacyAlgorithm } from '../../../shared/i18n/verification.ts';
import type { SignatureReport } from '../../../shared/model/verification.ts';
import { certificate, party, SIGNING, type Party } from '../../support/chains.ts';
import { writeTestPdf } from '../../support/pdf.ts';
import { signWithKey } from '../../support/software-signing.ts';
import { tempDir } from '../../support/temp.ts';
import { byteRangeContent, lastSignature, writeContents } from '../../support/validation-data.ts';

// A CMS signature whose own digest is SHA-1 (`openssl cms -md sha1`, as signers did before 2014) inside a
// PDF: the same rule as for certificate signatures (pki/path/algorithm-policy.ts) — it counts only when a
// trusted time-stamp proves it older than SHA-1's deprecation, and is then reported as legacy.
const run = promisify(execFile);
const dir = tempDir('sha1-cms');
const at = (name: string): string => join(dir, name);
const ISSUED = new Date('2012-01-01T00:00:00Z');
const EXPIRES = new Date('2032-01-01T00:00:00Z');
const TIMESTAMP_OID = '1.2.840.113549.1.9.16.2.14';
let ca: Party;
let signer: Party;
let tsa: Party;
let caDer: Uint8Array;
let signerDer: Uint8Array;
let tsaDer: Uint8Array;

before(async () => {
  [ca, signer, tsa] = await Promise.all([party('CN=旧时 CA'), party('CN=王五'), party('CN=旧时 时间戳服务')]);
  caDer = await certificate(ca, { notBefore: ISSUED, notAfter: EXPIRES });
  const leaf = { issuer: ca, basicConstraints: { ca: false }, notBefore: ISSUED, notAfter: EXPIRES };
  signerDer = await certificate(signer, { ...leaf, keyUsage: SIGNING });
  tsaDer = await certificate(tsa, { ...leaf, keyUsage: SIGNING, extendedKeyUsage: ['1.3.6.1.5.5.7.3.8'] });
  writeFileSync(at('signer.pem'), pemFromDer(signerDer, 'CERTIFICATE'));
  writeFileSync(at('signer.key'), KeyObject.from(signer.keys.privateKey).export({ type: 'pkcs8', format: 'pem' }));
});

/** A one-page PDF with a signature (made here only for its field and /Contents room). */
async function placeholder(name: string): Promise<string> {
  writeTestPdf(at(`${name}-blank.pdf`), 1);
  const signing = softwareSigner({ certificate: signerDer, key: KeyObject.from(signer.keys.privateKey) });
  return signWithKey(at(`${name}-blank.pdf`), at(`${name}.pdf`), signing);
}

/** The signature time-stamp token (RFC 3161, by the test TSA at `time`) added to the CMS's unsigned attributes. */
async function withTimestamp(cms: Uint8Array, time: Date): Promise<Uint8Array> {
  const info = pkijs.ContentInfo.fromBER(new Uint8Array(cms));
  const signedData = new pkijs.SignedData({ schema: info.content });
  const signerInfo = signedData.signerInfos[0] as pkijs.SignerInfo;
  const imprint = new Uint8Array(createHash('sha256').update(signerInfo.signature.valueBlock.valueHexView).digest());
  const request = timestampRequest(imprint);
  const authority = new TimestampAuthority(
    softwareSigner({ certificate: tsaDer, key: KeyObject.from(tsa.keys.privateKey) }),
    [caDer],
    () => time,
  );
  const { token } = tokenFromReply(await authority.respond(request.der), request);
  signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 1,
    attributes: [new pkijs.Attribute({ type: TIMESTAMP_OID, values: [asn1js.fromBER(new Uint8Array(token)).result] })],
  });
  return new Uint8Array(new pkijs.ContentInfo({ contentType: info.contentType, content: signedData.toSchema(true) }).toSchema().toBER());
}

/** `openssl cms -sign -md sha1` over the bytes the placeholder's /ByteRange covers, written into its /Contents. */
async function signedWithSha1(name: string, timestampedAt: Date | null): Promise<string> {
  const path = await placeholder(name);
  const { byteRange } = lastSignature(path);
  writeFileSync(at(`${name}.content`), byteRangeContent(path, byteRange));
  const cmsPath = at(`${name}.p7s`);
  const args = [
    '-sign',
    '-binary',
    '-md',
    'sha1',
    '-nosmimecap',
    '-outform',
    'DER',
    '-signer',
    at('signer.pem'),
    '-inkey',
    at('signer.key'),
  ];
  await run('openssl', ['cms', ...args, '-in', at(`${name}.content`), '-out', cmsPath]);
  const plain = new Uint8Array(readFileSync(cmsPath));
  writeContents(path, timestampedAt === null ? plain : await withTimestamp(plain, timestampedAt));
  return path;
}

const policy = () => ({ trustedRoots: [caDer], approvers: [] });

test('a SHA-1 CMS digest with a trusted time-stamp from 2013 is intact and reported as legacy', async () => {
  const [signature] = (await verifyDocument(await signedWithSha1('proven-2013', new Date('2013-06-01T00:00:00Z')), policy())).signatures;
  assert.deepEqual(signature?.integrity, { intact: true, problems: [] });
  assert.equal(signature?.timestamp?.trust, 'trusted');
  assert.equal(signature?.trust.status, 'trusted');
  assert.deepEqual(signature?.trust.legacyAlgorithm, { hash: 'sha1', deprecatedFrom: '2014-01-01T00:00:00.000Z' });
  assert.match(describeLegacyAlgorithm('zh-CN', signature?.trust ?? { legacyAlgorithm: null }) ?? '', /SHA-1/);
});

test('a SHA-1 CMS digest without a time-stamp, or time-stamped after 2014, is refused as weak', async () => {
  for (const [name, time] of [
    ['unproven', null],
    ['proven-2015', new Date('2015-06-01T00:00:00Z')],
  ] as const) {
    const report = await verifyDocument(await signedWithSha1(name, time), policy());
    const [signature] = report.signatures;
    assert.deepEqual(signature?.integrity, { intact: false, problems: ['weak-algorithm'] }, name);
    assert.equal(signature?.trust.legacyAlgorithm, null, name);
    assert.equal(report.verdict, 'invalid', name);
    // In words, which algorithm and why, never the code.
    const said = [describeIntegrity('en', signature as SignatureReport), describeIntegrity('zh-CN', signature as SignatureReport)];
    assert.match(
      said[0] ?? '',
      /SHA-1 hash, no longer accepted since 1 January 2014 because documents with the same SHA-1 hash can be forged/,
      name,
    );
    assert.match(said[1] ?? '', /SHA-1 摘要算法：因可伪造摘要相同的文档（碰撞攻击），自 2014 年 1 月 1 日起不再接受/, name);
    assert.ok(
      said.every((text) => !text.includes('weak-algorithm')),
      name,
    );
  }
});
