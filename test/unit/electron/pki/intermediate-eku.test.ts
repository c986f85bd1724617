import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { evaluateTrust, OID } from '../../../../electron/services/pki/index.ts';
import { describeTrust } from '../../../../shared/i18n/verification.ts';
import { certificate, party, SIGNING, type Party } from '../../../support/chains.ts';

// An intermediate whose extendedKeyUsage leaves out the purpose asked does not certify it, whatever the end certificate says.
const ANY_EKU = '2.5.29.37.0';
const NOW = new Date();
let root: Party;
let mid: Party;
let holder: Party;
let rootCert: Uint8Array;

before(async () => {
  [root, mid, holder] = await Promise.all([party('CN=根 CA'), party('CN=中级 CA'), party('CN=时间戳服务')]);
  rootCert = await certificate(root);
});

async function validate(
  midUsages: string[] | undefined,
  leafUsages: string[],
  asked: { purpose?: 'timestamping'; extendedKeyUsage?: string },
) {
  const midCert = await certificate(mid, { issuer: root, ...(midUsages === undefined ? {} : { extendedKeyUsage: midUsages }) });
  const leaf = await certificate(holder, { issuer: mid, basicConstraints: { ca: false }, keyUsage: SIGNING, extendedKeyUsage: leafUsages });
  return evaluateTrust(leaf, [midCert], [rootCert], NOW, asked);
}

test('a time-stamping certificate under an intermediate limited to server authentication is refused, naming the intermediate', async () => {
  const result = await validate([OID.serverAuth], [OID.timeStamping], { purpose: 'timestamping' });
  assert.deepEqual(
    [result.status, result.failure?.subject, result.failure?.problem],
    ['chain-invalid', 'CN=中级 CA', 'extended-key-usage'],
  );
  assert.match(describeTrust('zh-CN', result), /CN=中级 CA：/);
});

test('an intermediate listing the purpose, anyExtendedKeyUsage, or no extendedKeyUsage at all certifies it', async () => {
  for (const usages of [[OID.timeStamping, OID.serverAuth], [ANY_EKU], undefined]) {
    assert.equal((await validate(usages, [OID.timeStamping], { purpose: 'timestamping' })).status, 'trusted', String(usages));
  }
});

test('the extended key usage asked by the caller (client authentication for the center link) holds for intermediates too', async () => {
  const refused = await validate([OID.emailProtection], [OID.clientAuth], { extendedKeyUsage: OID.clientAuth });
  assert.deepEqual([refused.failure?.subject, refused.failure?.problem], ['CN=中级 CA', 'extended-key-usage']);
  assert.equal((await validate([OID.clientAuth], [OID.clientAuth], { extendedKeyUsage: OID.clientAuth })).status, 'trusted');
});
