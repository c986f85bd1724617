import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { signatureParts } from '../../../../electron/services/cms/index.ts';
import { CMS_OID } from '../../../../electron/services/cms/oids.ts';
import { opensslCertificate } from '../../../support/openssl.ts';
import { tempDir } from '../../../support/temp.ts';

// Acrobat-style signers archive the OCSP responses they fetched in a signed attribute
// and CRLs (adbe-revocationInfoArchival); 验章 hands them to path validation with the DSS's.
const dir = tempDir('cms-revocation-archive');
const content = join(dir, 'content.bin');
writeFileSync(content, randomBytes(1000));
opensslCertificate(dir, 'ec', '/CN=Archiving signer');

/** An OpenSSL CMS signature with `archive` added to its signed attributes (the signature no longer verifies; not asked here). */
function signatureWithArchive(archive: asn1js.BaseBlock): Uint8Array {
  const out = join(dir, 'signature.p7s');
  const key = ['-signer', join(dir, 'ec.pem'), '-inkey', join(dir, 'ec.key')];
  execFileSync('openssl', ['cms', '-sign', '-binary', '-md', 'sha256', '-in', content, ...key, '-outform', 'DER', '-out', out]);
  const info = pkijs.ContentInfo.fromBER(new Uint8Array(readFileSync(out)));
  const signedData = new pkijs.SignedData({ schema: info.content });
  const signerInfo = signedData.signerInfos[0] as pkijs.SignerInfo;
  signerInfo.signedAttrs?.attributes.push(new pkijs.Attribute({ type: CMS_OID.adbeRevocationInfoArchival, values: [archive] }));
  return new Uint8Array(new pkijs.ContentInfo({ contentType: info.contentType, content: signedData.toSchema(true) }).toSchema().toBER());
}

/** A stand-in OCSPResponse: the archive is read structurally; path validation checks each response itself. */
const response = (n: number): Uint8Array =>
  new Uint8Array(new asn1js.Sequence({ value: [new asn1js.Enumerated({ value: 0 }), new asn1js.Integer({ value: n })] }).toBER());
const explicit = (tagNumber: number, value: asn1js.BaseBlock[]) => new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value });

test('the CRLs and OCSP responses of adbe-revocationInfoArchival come out byte for byte', () => {
  const responses = [response(1), response(2)];
  const crls = [response(3)];
  const archive = new asn1js.Sequence({
    value: [
      explicit(0, [new asn1js.Sequence({ value: crls.map((der) => asn1js.fromBER(der).result) })]),
      explicit(1, [new asn1js.Sequence({ value: responses.map((der) => asn1js.fromBER(der).result) })]),
    ],
  });
  const parts = signatureParts(signatureWithArchive(archive));
  assert.deepEqual([parts.crls, parts.ocspResponses], [crls, responses]);
});

test('a signature without the archive, or with a malformed one, carries no CRLs nor responses', () => {
  for (const archive of [new asn1js.Integer({ value: 7 }), new asn1js.Sequence({ value: [explicit(0, [])] })]) {
    const parts = signatureParts(signatureWithArchive(archive));
    assert.deepEqual([parts.crls, parts.ocspResponses], [[], []]);
  }
});
