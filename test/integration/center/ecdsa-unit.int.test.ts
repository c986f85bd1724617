import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { CenterLink, enrol } from '../../../electron/services/sync/index.ts';
import type { Signer } from '../../../electron/services/token/index.ts';
import { ChangesResponseSchema } from '../../../shared/center/index.ts';
import { anotherUnit, freshCenter, signedRequest, type CenterFixture } from '../../support/center.ts';

// A unit whose 单位证书 is EC P-256 (the fast key for the link: one SoftHSM2 signature is about a quarter of an
// RSA-2048 one) next to the demo unit's RSA-2048 one, on the same center.
const P256_UNIT = '示例市数据资源中心';
const fixture = freshCenter('center-ecdsa');
let f: CenterFixture;
let p256: Signer;

before(async () => {
  f = await fixture;
  p256 = await anotherUnit(f, P256_UNIT);
});

/** GET /v1/changes signed on the token, its Signature field then changed by `tamper`: the center's status and reason. */
async function changes(signer: Signer, tamper: (fields: Record<string, string>) => Record<string, string> = (fields) => fields) {
  const url = `${f.url}/v1/changes?after=0`;
  const signed = await signedRequest(signer, { method: 'GET', url });
  const response = await fetch(url, { headers: tamper(signed) });
  const json = (await response.json()) as { reason?: string };
  return { status: response.status, reason: json.reason, alg: /alg="([\w-]+)"/.exec(signed['signature-input'] ?? '')?.[1] };
}

/** The signature's bytes as the Signature field carries them (sig1=:base64:), changed by `change`. */
const signatureBytes =
  (change: (bytes: Buffer) => Buffer) =>
  (fields: Record<string, string>): Record<string, string> => {
    const bytes = Buffer.from(/^sig1=:([^:]*):$/.exec(fields['signature'] ?? '')?.[1] ?? '', 'base64');
    return { ...fields, signature: `sig1=:${change(bytes).toString('base64')}:` };
  };

test('a P-256 unit enrols with an ECDSA signature, and the center verifies its requests (ecdsa-p256-sha256, r‖s)', async () => {
  const enrolment = await enrol({ url: f.url, code: f.center.createEnrolmentCode(P256_UNIT), signer: p256, trustedRoots: f.trustedRoots });
  assert.equal(enrolment.unitName, P256_UNIT);
  const link = new CenterLink({
    baseUrl: f.url,
    signer: p256,
    centerCertificate: new Uint8Array(Buffer.from(enrolment.signingCertificate, 'base64')),
  });
  assert.deepEqual((await link.call('GET', '/v1/changes?after=0', null, ChangesResponseSchema)).changes, []);
  const answer = await changes(p256);
  assert.deepEqual(answer, { status: 200, reason: undefined, alg: 'ecdsa-p256-sha256' });
});

test('an RSA-2048 unit enrolled on the same center keeps working beside it (rsa-pss-sha512)', async () => {
  const enrolment = await enrol({ url: f.url, code: f.enrolmentCode, signer: f.unit, trustedRoots: f.trustedRoots });
  assert.equal(enrolment.unitName, '示例市大数据管理局');
  assert.deepEqual(await changes(f.unit), { status: 200, reason: undefined, alg: 'rsa-pss-sha512' });
});

test('a tampered ECDSA signature is refused: one bit of r, one bit of s, or the DER form instead of r‖s', async () => {
  const flipBit = (at: number) => signatureBytes((bytes) => Buffer.from(bytes.map((byte, i) => (i === at ? byte ^ 0x01 : byte))));
  for (const tamper of [flipBit(5), flipBit(40)])
    assert.deepEqual(await changes(p256, tamper), { status: 401, reason: 'signature-invalid', alg: 'ecdsa-p256-sha256' });
  const asDer = signatureBytes((bytes) => {
    const integer = (half: Buffer) =>
      half[0]! & 0x80 ? Buffer.concat([Buffer.from([0x02, 33, 0]), half]) : Buffer.concat([Buffer.from([0x02, 32]), half]);
    const content = Buffer.concat([integer(bytes.subarray(0, 32)), integer(bytes.subarray(32))]);
    return Buffer.concat([Buffer.from([0x30, content.length]), content]);
  });
  assert.equal((await changes(p256, asDer)).reason, 'signature-invalid');
});
