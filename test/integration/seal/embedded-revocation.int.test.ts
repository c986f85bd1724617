import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, sign } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { softwareSigner } from '../../../center/authority.ts';
import { CMS_OID } from '../../../electron/services/cms/oids.ts';
import type { LongTermEvidence } from '../../../electron/services/pdf/index.ts';
import { checkOcspResponse, ocspRequest, pemFromDer } from '../../../electron/services/pki/index.ts';
import { verifyDocument } from '../../../electron/services/seal/index.ts';
import { formatDateTime } from '../../../shared/i18n/time.ts';
import type { Locale } from '../../../shared/model/settings.ts';
import { runSealdesk } from '../../support/cli.ts';
import { opensslCa, opensslCrl, opensslIssued, opensslOcspRespond, type OpensslParty } from '../../support/openssl-ocsp.ts';
import { writeTestPdf } from '../../support/pdf.ts';
import { signWithKey } from '../../support/software-signing.ts';
import { tempDir } from '../../support/temp.ts';
import { appendDss, lastSignature, openTestTsa, writeContents, type TestTsa } from '../../support/validation-data.ts';

// 验章 and `sealdesk verify` check revocation only with what the document carries, never fetching: OCSP
// responses and CRLs in the DSS (/OCSPs, /CRLs) and in the signature's own adbe-revocationInfoArchival.
// One that says the signer was good raises a time-stamped signature to PAdES B-LT when the DSS keeps it;
// one that says the signer was revoked refuses it. The CA, the signer, the TSA, the OCSP responses and
// the CRLs all come from the openssl command line.
const dir = tempDir('embedded-revocation');
const at = (name: string): string => join(dir, name);
const own = (name: string): string => {
  mkdirSync(at(name), { recursive: true });
  return at(name);
};
let ca: OpensslParty;
let signer: OpensslParty;
let tsa: TestTsa;
let goodOcsp: Uint8Array;
let revokingCrl: Uint8Array;
let cleanCrl: Uint8Array;
const trustFile = at('trust.pem');

before(() => {
  ca = opensslCa(own('ca'), 'Embedded Revocation CA');
  signer = opensslIssued(at('ca'), ca, 'Embedded Revocation Signer', ['keyUsage=critical,digitalSignature,nonRepudiation']);
  tsa = openTestTsa(own('tsa'));
  writeFileSync(trustFile, [ca.der, tsa.ca.der].map((der) => pemFromDer(der, 'CERTIFICATE')).join(''));
  goodOcsp = opensslOcspRespond(own('ocsp'), ocspRequest(signer.der, ca.der), ca, ca, [{ party: signer }]);
  // Revoked an hour before anything is signed here.
  revokingCrl = opensslCrl(own('crl-revoked'), ca, [{ party: signer, revokedAt: new Date(Date.now() - 3_600_000) }]);
  cleanCrl = opensslCrl(own('crl-clean'), ca, [{ party: signer }]);
  // What openssl itself makes of them: the response verifies and says good, the CRL verifies and lists the signer.
  writeFileSync(at('good.ocsp'), goodOcsp);
  // ocspRequest names the certificate by SHA-256 hashes (CertID), so openssl must look it up the same way.
  const ocspCheck = [
    'ocsp',
    '-respin',
    at('good.ocsp'),
    '-CAfile',
    ca.certPath,
    '-sha256',
    '-issuer',
    ca.certPath,
    '-cert',
    signer.certPath,
  ];
  const ocsp = spawnSync('openssl', ocspCheck, { encoding: 'utf8' });
  assert.match(ocsp.stderr, /Response verify OK/);
  assert.match(ocsp.stdout, /: good/);
  writeFileSync(at('revoking.crl'), revokingCrl);
  const crl = spawnSync('openssl', ['crl', '-inform', 'DER', '-in', at('revoking.crl'), '-CAfile', ca.certPath, '-text'], {
    encoding: 'utf8',
  });
  assert.match(crl.stderr, /verify OK/);
  assert.match(crl.stdout, new RegExp(`Serial Number: ${signer.serialHex}`, 'i'));
});

const signing = () => softwareSigner({ certificate: signer.der, key: createPrivateKey(readFileSync(signer.keyPath)) });

/** A one-page PDF signed by the openssl-made signer, with `evidence` (time-stamp, DSS) when given. */
async function signed(name: string, evidence?: LongTermEvidence): Promise<string> {
  writeTestPdf(at(`${name}-blank.pdf`), 1);
  return signWithKey(at(`${name}-blank.pdf`), at(`${name}.pdf`), signing(), { chain: [ca.der], ...(evidence ? { evidence } : {}) });
}

/** The test TSA's signature time-stamp, and a DSS holding `ocsps` and `crls` with the certificates. */
function timestampAndDss(ocsps: readonly Uint8Array[], crls: readonly Uint8Array[] = []): LongTermEvidence {
  return {
    timestamper: (imprint) => Promise.resolve(tsa.stamp(imprint)),
    validationData: () => Promise.resolve({ certificates: [ca.der, tsa.ca.der], crls, ocsps }),
  };
}

/**
 * Puts an adbe-revocationInfoArchival attribute holding `crls` and `ocsps` into the newest signature's
 * signed attributes, as Acrobat-style signers do, and signs the attributes again with the signer's key.
 */
function archiveInSignature(path: string, { crls = [], ocsps = [] }: { crls?: Uint8Array[]; ocsps?: Uint8Array[] }): void {
  const info = pkijs.ContentInfo.fromBER(new Uint8Array(lastSignature(path).contents));
  const signedData = new pkijs.SignedData({ schema: info.content });
  const signerInfo = signedData.signerInfos[0] as pkijs.SignerInfo;
  const list = (tagNumber: number, ders: Uint8Array[]): asn1js.BaseBlock[] =>
    ders.length === 0
      ? []
      : [
          new asn1js.Constructed({
            idBlock: { tagClass: 3, tagNumber },
            value: [new asn1js.Sequence({ value: ders.map((der) => asn1js.fromBER(der).result) })],
          }),
        ];
  const archive = new asn1js.Sequence({ value: [...list(0, crls), ...list(1, ocsps)] });
  const attributes = signerInfo.signedAttrs as pkijs.SignedAndUnsignedAttributes;
  attributes.attributes.push(new pkijs.Attribute({ type: CMS_OID.adbeRevocationInfoArchival, values: [archive] }));
  // The signature covers the attributes as a SET OF (tag 0x31); the SignerInfo holds them as [0] IMPLICIT.
  const covered = new Uint8Array(attributes.toSchema().toBER());
  covered[0] = 0x31;
  signerInfo.signature = new asn1js.OctetString({ valueHex: sign('sha256', covered, createPrivateKey(readFileSync(signer.keyPath))) });
  const cms = new pkijs.ContentInfo({ contentType: info.contentType, content: signedData.toSchema(true) });
  writeContents(path, new Uint8Array(cms.toSchema().toBER()));
}

const verify = (path: string, locale: Locale) =>
  runSealdesk(['verify', path, '--trust', trustFile], { SEALDESK_HOME: at('home'), SEALDESK_LANG: locale === 'en' ? 'en' : 'zh_CN.UTF-8' });

/** The OCSP response's thisUpdate as verify shows it: when the responder knew the signer was good. */
const checkedAt = (locale: Locale): string =>
  formatDateTime(locale, checkOcspResponse(goodOcsp, signer.der, ca.der, new Date()).thisUpdate);

test('a good OCSP response on the signer in the DSS of a time-stamped signature: PAdES B-LT, revocation checked from embedded data at its time', async () => {
  const path = await signed('long-term', timestampAndDss([goodOcsp, tsa.ocsp]));
  const en = verify(path, 'en');
  assert.equal(en.code, 0, en.stdout + en.stderr);
  assert.match(en.stdout, /PAdES B-LT: Test TSA proves the signature existed by /);
  assert.ok(
    en.stdout.includes(
      `Revocation: checked from embedded data at ${checkedAt('en')}: an OCSP response kept in the document's validation data (DSS) shows the certificate was not revoked when it signed`,
    ),
    en.stdout,
  );
  const zh = verify(path, 'zh-CN');
  assert.equal(zh.code, 0, zh.stdout + zh.stderr);
  assert.match(zh.stdout, /PAdES B-LT：Test TSA 证明签名不晚于 /);
  assert.ok(
    zh.stdout.includes(
      `吊销状态：已依据文档内嵌数据检查（${checkedAt('zh-CN')}）：文档验证数据（DSS）中的 OCSP 响应表明签名时证书未被吊销`,
    ),
    zh.stdout,
  );
});

test('without a response on the signer (the DSS covers only the time-stamp authority), the signature stays B-T and revocation unchecked', async () => {
  const path = await signed('timestamp-only', timestampAndDss([tsa.ocsp]));
  const { code, stdout } = verify(path, 'en');
  assert.equal(code, 0, stdout);
  assert.match(stdout, /PAdES B-T: Test TSA proves/);
  assert.match(stdout, /Revocation: not checked/);
});

test('a good OCSP response the signer archived in the signature counts, named as such; without a time-stamp the level stays B-B', async () => {
  const path = await signed('archived-ocsp');
  archiveInSignature(path, { ocsps: [goodOcsp] });
  const [signature] = (await verifyDocument(path, { trustedRoots: [ca.der, tsa.ca.der], approvers: [] })).signatures;
  assert.deepEqual(signature?.integrity, { intact: true, problems: [] }, 'the attributes were signed again');
  assert.deepEqual([signature?.trust.status, signature?.trust.revocation, signature?.level], ['trusted', 'good', 'B-B']);
  const { code, stdout } = verify(path, 'en');
  assert.equal(code, 0, stdout);
  assert.ok(stdout.includes(`at ${checkedAt('en')}: an OCSP response the signer embedded in the signature shows the certificate`), stdout);
});

test('a CRL in the signature’s revocation archive that revokes the signer refuses it; one that does not list it counts as good', async () => {
  const revoked = await signed('archived-crl-revoked');
  archiveInSignature(revoked, { crls: [revokingCrl] });
  const report = await verifyDocument(revoked, { trustedRoots: [ca.der, tsa.ca.der], approvers: [] });
  const [signature] = report.signatures;
  assert.deepEqual(
    [signature?.trust.status, signature?.trust.revocation, signature?.trust.failure?.problem],
    ['revoked', 'revoked', 'revoked'],
  );
  assert.equal(signature?.integrity.intact, true, 'the bytes are as signed; only the certificate is refused');
  // A signer revoked when it signed makes the signature invalid, whatever the bytes: the verdict and the exit code say so.
  const en = verify(revoked, 'en');
  assert.equal(en.code, 1, en.stdout);
  assert.match(en.stdout, /A signature in the document is invalid .*revoked when it signed/);
  assert.match(en.stdout, /Not trusted: the certificate was revoked when it signed — CN=Embedded Revocation Signer/);
  assert.match(en.stdout, /Revocation: the certificate was already revoked when it signed/);

  const clean = await signed('archived-crl-clean');
  archiveInSignature(clean, { crls: [cleanCrl] });
  const { code, stdout } = verify(clean, 'en');
  assert.equal(code, 0, stdout);
  assert.match(
    stdout,
    /Revocation: checked from embedded data at .+: a CRL the signer embedded in the signature shows the certificate was not revoked/,
  );
});

test('a CRL that revokes the signer, added to the DSS afterwards, refuses it too', async () => {
  const path = await signed('dss-crl-revoked');
  appendDss(path, { certificates: [], crls: [revokingCrl], ocsps: [] });
  const { code, stdout } = verify(path, 'zh-CN');
  assert.equal(code, 1, stdout);
  assert.match(stdout, /文档中有签名无效/);
  assert.match(stdout, /不可信：证书在签名时已被吊销 — CN=Embedded Revocation Signer/);
  assert.match(stdout, /吊销状态：签名时证书已被吊销/);
});
