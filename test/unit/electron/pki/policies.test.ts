import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { evaluateTrust } from '../../../../electron/services/pki/index.ts';
import { describeTrust } from '../../../../shared/i18n/verification.ts';
import { certificate, party, SIGNING, type Party } from '../../../support/chains.ts';

// Certificate-policy extensions on an intermediate: SealDesk builds no policy tree, so what would need
// one (requireExplicitPolicy) is refused with that reason; what RFC 5280 forbids outright is refused;
// what changes nothing without an explicit policy passes.
const POLICY_CONSTRAINTS = '2.5.29.36';
const POLICY_MAPPINGS = '2.5.29.33';
const INHIBIT_ANY_POLICY = '2.5.29.54';
const NOW = new Date();
let root: Party;
let mid: Party;
let rootCert: Uint8Array;
let leaf: Uint8Array;

before(async () => {
  let holder: Party;
  [root, mid, holder] = await Promise.all([party('CN=根 CA'), party('CN=中级 CA'), party('CN=王五')]);
  rootCert = await certificate(root);
  leaf = await certificate(holder, { issuer: mid, basicConstraints: { ca: false }, keyUsage: SIGNING });
});

async function withIntermediate(oid: string, hex: string, critical = true) {
  const midCert = await certificate(mid, { issuer: root, rawExtensions: [{ oid, critical, hex }] });
  return evaluateTrust(leaf, [midCert], [rootCert], NOW, { purpose: 'signing' });
}

test('requireExplicitPolicy is refused, naming the intermediate, with the reason in both languages', async () => {
  const result = await withIntermediate(POLICY_CONSTRAINTS, '3003800100');
  assert.deepEqual(
    [result.status, result.failure?.subject, result.failure?.problem],
    ['chain-invalid', 'CN=中级 CA', 'explicit-policy-required'],
  );
  assert.equal(
    describeTrust('zh-CN', result),
    '不可信：证书链不符合规则 — CN=中级 CA：要求证书链带有明确的证书策略（requireExplicitPolicy），SealDesk 不核对证书策略，因此不予接受',
  );
  assert.match(describeTrust('en', result), /CN=中级 CA: requires explicit certificate policies \(requireExplicitPolicy\)/);
});

test('a policy mapping to or from anyPolicy is refused; an ordinary critical mapping passes', async () => {
  const anyPolicy = await withIntermediate(POLICY_MAPPINGS, '300d300b0604551d200006032a0305');
  assert.deepEqual([anyPolicy.failure?.subject, anyPolicy.failure?.problem], ['CN=中级 CA', 'policy-mapping-any-policy']);
  assert.equal((await withIntermediate(POLICY_MAPPINGS, '300c300a06032a030406032a0305')).status, 'trusted');
});

test('inhibitPolicyMapping and inhibitAnyPolicy change nothing without an explicit policy', async () => {
  assert.equal((await withIntermediate(POLICY_CONSTRAINTS, '3003810100')).status, 'trusted');
  assert.equal((await withIntermediate(INHIBIT_ANY_POLICY, '020100')).status, 'trusted');
});

test('malformed or mis-marked policy extensions are bad extensions', async () => {
  for (const [oid, hex, critical] of [
    [POLICY_CONSTRAINTS, '3000', true],
    [POLICY_CONSTRAINTS, '3003810100', false],
    [POLICY_MAPPINGS, '3000', true],
    [INHIBIT_ANY_POLICY, '0201ff', true],
  ] as const) {
    const result = await withIntermediate(oid, hex, critical);
    assert.deepEqual([oid, result.failure?.problem], [oid, 'bad-extension']);
  }
});
