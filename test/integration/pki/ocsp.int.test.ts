import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../../shared/errors.ts';
import { checkOcspResponse, ocspRequest } from '../../../electron/services/pki/index.ts';
import { opensslCa, opensslIssued, opensslOcspRespond } from '../../support/openssl-ocsp.ts';
import { tempDir } from '../../support/temp.ts';

// openssl's own responder answers SealDesk's request, and SealDesk reads openssl's answer.
const dir = tempDir('ocsp');
const ca = opensslCa(dir, 'OCSP Test CA');
const holder = opensslIssued(dir, ca, 'holder');
const other = opensslIssued(dir, ca, 'other holder');
const responder = opensslIssued(dir, ca, 'responder', ['extendedKeyUsage=OCSPSigning']);
const notResponder = opensslIssued(dir, ca, 'not a responder', ['extendedKeyUsage=clientAuth']);
const strangerCa = opensslCa(dir, 'Stranger CA');
const revokedAt = new Date(Date.now() - 3_600_000);
revokedAt.setMilliseconds(0);

function invalidReason(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'VALIDATION_DATA_INVALID');
    return String(error.params['reason']);
  }
  assert.fail('expected VALIDATION_DATA_INVALID');
}

test('the CA answering itself: good, then revoked with its time', () => {
  const request = ocspRequest(holder.der, ca.der);
  const good = checkOcspResponse(opensslOcspRespond(dir, request, ca, ca, [{ party: holder }]), holder.der, ca.der, new Date());
  assert.equal(good.status, 'good');
  assert.ok(good.nextUpdate !== null && Date.parse(good.nextUpdate) > Date.now());

  const revoked = checkOcspResponse(
    opensslOcspRespond(dir, request, ca, ca, [{ party: holder, revokedAt }]),
    holder.der,
    ca.der,
    new Date(),
  );
  assert.deepEqual([revoked.status, revoked.revokedAt], ['revoked', revokedAt.toISOString()]);
});

test('a delegated responder (id-kp-OCSPSigning) is believed; a certificate without it is not', () => {
  const request = ocspRequest(holder.der, ca.der);
  const delegated = opensslOcspRespond(dir, request, ca, responder, [{ party: holder, revokedAt }]);
  assert.equal(checkOcspResponse(delegated, holder.der, ca.der, new Date()).status, 'revoked');

  const forged = opensslOcspRespond(dir, request, ca, notResponder, [{ party: holder }]);
  assert.match(
    invalidReason(() => checkOcspResponse(forged, holder.der, ca.der, new Date())),
    /not signed by the issuer/,
  );
});

test('a serial the responder does not know is unknown, not good', () => {
  const answer = checkOcspResponse(
    opensslOcspRespond(dir, ocspRequest(holder.der, ca.der), ca, ca, [{ party: other }]),
    holder.der,
    ca.der,
    new Date(),
  );
  assert.equal(answer.status, 'unknown');
});

test('an answer signed by another CA, or about another certificate, is refused', () => {
  const request = ocspRequest(holder.der, ca.der);
  const stranger = opensslOcspRespond(dir, request, ca, strangerCa, [{ party: holder }]);
  assert.match(
    invalidReason(() => checkOcspResponse(stranger, holder.der, ca.der, new Date())),
    /not signed by the issuer/,
  );

  const aboutHolder = opensslOcspRespond(dir, request, ca, ca, [{ party: holder }, { party: other }]);
  assert.match(
    invalidReason(() => checkOcspResponse(aboutHolder, other.der, ca.der, new Date())),
    /does not name the certificate/,
  );
  assert.match(
    invalidReason(() => checkOcspResponse(new Uint8Array([0x30, 0x03, 0x0a, 0x01, 0x01]), holder.der, ca.der, new Date())),
    /malformedRequest/,
  );
});
