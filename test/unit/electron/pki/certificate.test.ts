import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeCertificate, selectCertificate } from '../../../../electron/services/pki/index.ts';
import { withCheckCharacter } from '../../../../shared/validation/credit-code.ts';
import { opensslCertificate } from '../../../support/openssl.ts';
import { tempDir } from '../../../support/temp.ts';

const dir = tempDir('pki');
const code = withCheckCharacter('11350100MB0000001');

test('RSA, EC P-256 and SM2 certificates made by openssl parse and show their key type', () => {
  const rsa = describeCertificate(opensslCertificate(dir, 'rsa', `/C=CN/O=示例单位/OU=${code}/CN=示例单位`));
  assert.equal(rsa.keyType.display, 'RSA 2048');
  assert.equal(rsa.subject.creditCode, code);
  assert.equal(rsa.subject.organization, '示例单位');
  const ec = describeCertificate(opensslCertificate(dir, 'ec', '/C=CN/O=示例单位/CN=张三'));
  assert.equal(ec.keyType.display, 'EC P-256');
  assert.equal(ec.signatureAlgorithm, 'ecdsa-with-SHA256');
  const sm2 = describeCertificate(opensslCertificate(dir, 'sm2', '/C=CN/O=示例单位/CN=示例单位电子印章'));
  assert.equal(sm2.keyType.family, 'SM2');
  assert.equal(sm2.signatureAlgorithm, 'SM2-with-SM3');
  assert.match(sm2.fingerprintSha256, /^[0-9a-f]{64}$/);
});

test('bytes that are not a certificate give CERT_PARSE_FAILED', () => {
  assert.throws(() => describeCertificate(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])), { code: 'CERT_PARSE_FAILED' });
  assert.throws(() => describeCertificate(new Uint8Array(0)), { code: 'CERT_PARSE_FAILED' });
});

test('a selector is a label, a fingerprint or a unique prefix of one', () => {
  const certs = [
    { label: '单位证书', fingerprintSha256: 'ab12cd'.padEnd(64, '0') },
    { label: '个人证书', fingerprintSha256: 'ab99ff'.padEnd(64, '1') },
  ];
  assert.equal(selectCertificate(certs, '个人证书').label, '个人证书');
  assert.equal(selectCertificate(certs, 'AB:12').label, '单位证书');
  assert.throws(() => selectCertificate(certs, 'ab'), { code: 'CERT_NOT_FOUND' }, 'too short to be a fingerprint prefix');
  assert.equal(selectCertificate(certs, 'ab12').label, '单位证书');
  assert.throws(() => selectCertificate([...certs, { label: 'x', fingerprintSha256: 'ab12'.padEnd(64, '2') }], 'ab12'), {
    code: 'CERT_AMBIGUOUS',
  });
  assert.throws(() => selectCertificate(certs, '印章'), { code: 'CERT_NOT_FOUND' });
});
