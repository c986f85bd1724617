import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout } from 'node:timers/promises';
import { describeCertificate, evaluateTrust, ocspRequest, type TrustResult } from '../../../electron/services/pki/index.ts';
import {
  opensslCa,
  opensslCrl,
  opensslIssued,
  opensslOcspRespond,
  type IndexEntry,
  type OpensslParty,
} from '../../support/openssl-ocsp.ts';
import { tempDir } from '../../support/temp.ts';

// Path validation (pki/trust.ts) fed openssl's own responder's answers (`openssl ocsp`): RFC 6960 decides
// which answers count, and a revocation refuses the path naming the certificate.
const dir = tempDir('ocsp-path');
const ca = opensslCa(dir, 'OCSP Path CA');
const IDENTIFIERS = ['subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid'];
const holder = opensslIssued(dir, ca, 'holder', ['keyUsage=critical,digitalSignature', ...IDENTIFIERS]);
const other = opensslIssued(dir, ca, 'other holder', ['keyUsage=critical,digitalSignature', ...IDENTIFIERS]);
const responder = opensslIssued(dir, ca, 'responder', ['extendedKeyUsage=OCSPSigning', 'noCheck=ignored', ...IDENTIFIERS]);
const notResponder = opensslIssued(dir, ca, 'not a responder', ['extendedKeyUsage=clientAuth', ...IDENTIFIERS]);
const HOUR = 3_600_000;
const revokedAt = new Date(Date.now() - HOUR);
revokedAt.setMilliseconds(0);

function answer(signer: OpensslParty, entries: readonly IndexEntry[], about = holder): Uint8Array {
  return opensslOcspRespond(dir, ocspRequest(about.der, ca.der), ca, signer, entries);
}

function validate(responses: readonly Uint8Array[], at = new Date()): TrustResult {
  return evaluateTrust(holder.der, [], [ca.der], at, { purpose: 'signing', ocspResponses: responses });
}

const verdict = (result: TrustResult) => [result.status, result.failure?.subject ?? null, result.failure?.problem ?? null];

test('without revocation data the chain is trusted; with a good answer from the CA itself, too', () => {
  assert.equal(evaluateTrust(holder.der, [], [ca.der], new Date(), { purpose: 'signing' }).status, 'trusted');
  assert.deepEqual(verdict(validate([answer(ca, [{ party: holder }])])), ['trusted', null, null]);
});

test('a revoked answer refuses the path and names the certificate; before the revocation time it was good', () => {
  const revoked = answer(ca, [{ party: holder, revokedAt }]);
  assert.deepEqual(verdict(validate([revoked])), ['revoked', 'CN=holder', 'revoked']);
  // Among several answers, a revocation wins over a good one.
  assert.deepEqual(verdict(validate([answer(ca, [{ party: holder }]), revoked])), ['revoked', 'CN=holder', 'revoked']);
  // Revoked from an hour on: at the time asked about it was still good.
  const later = answer(ca, [{ party: holder, revokedAt: new Date(Date.now() + HOUR) }]);
  assert.deepEqual(verdict(validate([later])), ['trusted', null, null]);
});

test('a delegated responder with id-kp-OCSPSigning is believed; one without it is not, and the end certificate is left uncovered', () => {
  assert.deepEqual(verdict(validate([answer(responder, [{ party: holder, revokedAt }])])), ['revoked', 'CN=holder', 'revoked']);
  assert.deepEqual(verdict(validate([answer(responder, [{ party: holder }])])), ['trusted', null, null]);
  const forged = answer(notResponder, [{ party: holder, revokedAt }]);
  assert.deepEqual(verdict(validate([forged])), ['chain-invalid', 'CN=holder', 'revocation-unknown']);
  const strangerCa = opensslCa(dir, 'Stranger CA');
  assert.deepEqual(verdict(validate([answer(strangerCa, [{ party: holder }])])), ['chain-invalid', 'CN=holder', 'revocation-unknown']);
});

test('an answer counts only between its thisUpdate and nextUpdate', async () => {
  // openssl ocsp -ndays 1: thisUpdate is when it answers, nextUpdate a day later. It answers two seconds
  // after the holder's notBefore, so the second before the answer is within the certificate's validity.
  const holderFrom = describeCertificate(holder.der).notBefore;
  await setTimeout(Math.max(0, Date.parse(holderFrom) + 2000 - Date.now()));
  const asked = Date.now();
  const good = answer(ca, [{ party: holder }]);
  assert.equal(validate([good], new Date(asked - 1000)).failure?.problem, 'revocation-unknown');
  assert.equal(validate([good], new Date(asked + 2 * 24 * HOUR)).failure?.problem, 'revocation-unknown');
  assert.equal(validate([good], new Date(asked + 12 * HOUR)).status, 'trusted');
});

test('an answer about another certificate (its CertID does not match), or status unknown, does not cover it', () => {
  const aboutOther = answer(ca, [{ party: other, revokedAt }], other);
  assert.deepEqual(verdict(validate([aboutOther])), ['chain-invalid', 'CN=holder', 'revocation-unknown']);
  const unknown = answer(ca, [{ party: other }]);
  assert.deepEqual(verdict(validate([unknown])), ['chain-invalid', 'CN=holder', 'revocation-unknown']);
  assert.deepEqual(verdict(validate([new Uint8Array([0x30, 0x03, 0x0a, 0x01, 0x01])])), [
    'chain-invalid',
    'CN=holder',
    'revocation-unknown',
  ]);
});

test('for a document (laterRevocationData), an answer or CRL issued after the time asked counts while the certificate is valid, and the result names it', async () => {
  const holderFrom = describeCertificate(holder.der).notBefore;
  await setTimeout(Math.max(0, Date.parse(holderFrom) + 2000 - Date.now()));
  const asked = new Date(Date.now() - 1000);
  const good = answer(ca, [{ party: holder }]);
  const crl = opensslCrl(tempDir('ocsp-path-crl'), ca, [{ party: other, revokedAt }]);
  const document = { purpose: 'signing', laterRevocationData: true } as const;
  const said = (result: TrustResult) => result.revocation.map((a) => [a.source, a.status, a.thisUpdate > asked]);
  const byOcsp = evaluateTrust(holder.der, [], [ca.der], asked, { ...document, ocspResponses: [good] });
  assert.deepEqual([byOcsp.status, said(byOcsp)], ['trusted', [['ocsp', 'good', true]]]);
  assert.ok(Buffer.from(byOcsp.revocation[0]?.der ?? []).equals(good), 'the very response given');
  const byCrl = evaluateTrust(holder.der, [], [ca.der], asked, { ...document, crls: [crl] });
  assert.deepEqual([byCrl.status, said(byCrl)], ['trusted', [['crl', 'good', true]]]);
  // Asked without it, both came too late to speak for that time.
  assert.equal(validate([good], asked).failure?.problem, 'revocation-unknown');
  assert.equal(evaluateTrust(holder.der, [], [ca.der], asked, { purpose: 'signing', crls: [crl] }).failure?.problem, 'revocation-unknown');
});
