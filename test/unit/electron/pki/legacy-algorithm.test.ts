import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeCertificate, evaluateTrust } from '../../../../electron/services/pki/index.ts';
import { describeLegacyAlgorithm } from '../../../../shared/i18n/verification.ts';
import { certificate, party, SIGNING, type Party } from '../../../support/chains.ts';

// SHA-1 counts only where a trusted time-stamp proves the signature older than its deprecation (2014,
// ALGORITHM_POLICY in pki/path): then the path is trusted and says why; otherwise it is refused.
const ISSUED = new Date('2012-03-01T00:00:00Z');
const EXPIRES = new Date('2016-03-01T00:00:00Z');
const SIGNED_2013 = new Date('2013-06-01T00:00:00Z');
const SIGNED_2015 = new Date('2015-06-01T00:00:00Z');
let root: Party;
let holder: Party;
let rootCert: Uint8Array;
let sha1Leaf: Uint8Array;

before(async () => {
  [root, holder] = await Promise.all([party('CN=老根 CA'), party('CN=李四')]);
  rootCert = await certificate(root, { notBefore: ISSUED, notAfter: EXPIRES, hash: 'SHA-1' });
  sha1Leaf = await certificate(holder, {
    issuer: root,
    basicConstraints: { ca: false },
    keyUsage: SIGNING,
    notBefore: ISSUED,
    notAfter: EXPIRES,
    hash: 'SHA-1',
  });
  assert.equal(describeCertificate(sha1Leaf).signatureAlgorithm, '1.2.840.10045.4.1');
});

test('a SHA-1 certificate signature with only a claimed time is refused, naming the certificate', () => {
  const result = evaluateTrust(sha1Leaf, [], [rootCert], SIGNED_2013, { purpose: 'signing' });
  assert.deepEqual([result.status, result.failure?.subject, result.failure?.problem], ['chain-invalid', 'CN=李四', 'weak-algorithm']);
  assert.equal(result.legacyAlgorithm, null);
});

test('a time-stamp proving the signature older than SHA-1’s deprecation lets it count, and the result says so', () => {
  const result = evaluateTrust(sha1Leaf, [], [rootCert], SIGNED_2013, { purpose: 'signing', timeProven: true });
  assert.equal(result.status, 'trusted');
  assert.deepEqual(result.legacyAlgorithm, { hash: 'sha1', deprecatedFrom: '2014-01-01T00:00:00.000Z' });
  assert.equal(
    describeLegacyAlgorithm('zh-CN', result),
    '证书链使用已停用的 SHA-1 签名：可信时间戳证明签名早于 SHA-1 的停用日期（2014年1月1日），按当时的规则接受',
  );
  assert.match(describeLegacyAlgorithm('en', result) ?? '', /older than SHA-1's deprecation \(1 Jan 2014\)/);
});

test('a time-stamp after the deprecation does not excuse SHA-1', () => {
  const result = evaluateTrust(sha1Leaf, [], [rootCert], SIGNED_2015, { purpose: 'signing', timeProven: true });
  assert.deepEqual([result.status, result.failure?.problem], ['chain-invalid', 'weak-algorithm']);
});

test('a SHA-256 path is trusted with no legacy note, proven time or not', async () => {
  const modern = await certificate(holder, {
    issuer: root,
    basicConstraints: { ca: false },
    keyUsage: SIGNING,
    notBefore: ISSUED,
    notAfter: EXPIRES,
  });
  const result = evaluateTrust(modern, [], [rootCert], SIGNED_2013, { purpose: 'signing', timeProven: true });
  assert.deepEqual([result.status, result.legacyAlgorithm], ['trusted', null]);
  assert.equal(describeLegacyAlgorithm('zh-CN', result), null);
});
