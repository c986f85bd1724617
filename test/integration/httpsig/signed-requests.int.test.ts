import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { DemoEnvironment } from '../../../electron/services/demo/index.ts';
import {
  certificateKeyId,
  certificateSigner,
  contentDigest,
  signMessage,
  verifyMessage,
  type HttpMessage,
  type VerifyPolicy,
} from '../../../electron/services/httpsig/index.ts';
import { TokenService } from '../../../electron/services/token/index.ts';
import { freshDemo } from '../../support/demo.ts';

// Requests signed on the SoftHSM2 token (RSA unit certificate, EC personal certificate), checked the way the center will.
const demoReady = freshDemo('httpsig');
let demo: DemoEnvironment;
let tokens: TokenService;

const BODY = JSON.stringify({ submission: '0a6f4c1e', kind: 'application' });
const COMPONENTS = ['@method', '@target-uri', 'content-digest', 'content-type'];
const NOW = new Date('2026-11-22T08:00:00Z');

before(async () => {
  demo = await demoReady;
  tokens = await TokenService.open(demo.modulePath);
  await tokens.login(demo.tokenSerial, demo.pin);
});
after(() => tokens.close());

async function signedRequest(certificate: string, body = BODY, created = NOW): Promise<{ message: HttpMessage; der: Uint8Array }> {
  const signer = await tokens.signerFor(demo.tokenSerial, certificate);
  const headers = { 'content-type': 'application/json', 'content-digest': contentDigest(body) };
  const message = { method: 'POST', targetUri: 'https://center.example/api/v1/submissions', headers };
  const fields = await signMessage(message, certificateSigner(signer), { components: COMPONENTS, created, lifetimeSeconds: 60 });
  return { message: { ...message, headers: { ...headers, ...fields } }, der: signer.certificate };
}

function policy(der: Uint8Array, overrides: Partial<VerifyPolicy> = {}): VerifyPolicy {
  const seen = new Set<string>();
  return {
    required: COMPONENTS,
    now: NOW,
    skewSeconds: 30,
    maxLifetimeSeconds: 300,
    keyFor: (keyid) => (keyid === certificateKeyId(der) ? { certificate: der } : null),
    bodySha256: createHash('sha256').update(BODY).digest(),
    rememberNonce: (keyid, nonce) => !seen.has(`${keyid}/${nonce}`) && seen.add(`${keyid}/${nonce}`).size > 0,
    ...overrides,
  };
}

for (const certificate of ['单位证书', '个人证书']) {
  test(`${certificate}: a request signed on the token verifies; keyid is the certificate's SHA-256 thumbprint`, async () => {
    const { message, der } = await signedRequest(certificate);
    const result = verifyMessage(message, policy(der));
    assert.deepEqual(result.ok && result.keyid, createHash('sha256').update(der).digest('hex'));
    // SoftHSM2 lists CKM_RSA_PKCS_PSS, so an RSA key signs with RSASSA-PSS over SHA-512.
    const alg = (await tokens.signerFor(demo.tokenSerial, certificate)).keyType.family === 'RSA' ? 'rsa-pss-sha512' : 'ecdsa-p256-sha256';
    assert.match(
      message.headers['signature-input'] ?? '',
      /^sig1=\("@method" "@target-uri" "content-digest" "content-type"\);created=\d+;expires=\d+;nonce="[\w-]+";keyid="[0-9a-f]{64}";alg="([\w-]+)"$/,
    );
    assert.ok(message.headers['signature-input']?.endsWith(`alg="${alg}"`), message.headers['signature-input']);
  });
}

test('a token without PSS signs rsa-v1_5-sha256, which verifies too; relabelling its alg breaks it', async () => {
  const rsa = await tokens.signerFor(demo.tokenSerial, '单位证书');
  assert.equal(rsa.keyType.family, 'RSA');
  const withoutPss = { ...rsa, algorithms: rsa.algorithms.filter((a) => !a.startsWith('rsa-pss')) };
  const headers = { 'content-type': 'application/json', 'content-digest': contentDigest(BODY) };
  const message = { method: 'POST', targetUri: 'https://center.example/api/v1/submissions', headers };
  const fields = await signMessage(message, certificateSigner(withoutPss), { components: COMPONENTS, created: NOW, lifetimeSeconds: 60 });
  assert.match(fields['signature-input'], /alg="rsa-v1_5-sha256"$/);
  assert.equal(verifyMessage({ ...message, headers: { ...headers, ...fields } }, policy(rsa.certificate)).ok, true);
  const relabelled = { ...fields, 'signature-input': fields['signature-input'].replace('rsa-v1_5-sha256', 'rsa-pss-sha512') };
  assert.equal(verifyMessage({ ...message, headers: { ...headers, ...relabelled } }, policy(rsa.certificate)).ok, false);
});

test('rejections name their reason: tampered body, altered signature, replayed nonce, expired, not yet valid, unknown key, too little covered', async () => {
  const { message, der } = await signedRequest('单位证书');
  const check = (m: HttpMessage, p: VerifyPolicy = policy(der)) => {
    const result = verifyMessage(m, p);
    return result.ok ? 'ok' : result.reason;
  };
  assert.equal(check(message, policy(der, { bodySha256: createHash('sha256').update(`${BODY} `).digest() })), 'digest-mismatch');
  const sig = message.headers['signature'] ?? '';
  const flipped = `${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`;
  assert.equal(check({ ...message, headers: { ...message.headers, signature: flipped } }), 'signature-invalid');
  assert.equal(check({ ...message, targetUri: 'https://center.example/api/v1/other' }), 'signature-invalid');
  const once = policy(der);
  assert.equal(check(message, once), 'ok');
  assert.equal(check(message, once), 'nonce-replayed');
  assert.equal(check(message, policy(der, { now: new Date(NOW.getTime() + 61_000) })), 'signature-expired');
  assert.equal(check(message, policy(der, { now: new Date(NOW.getTime() - 60_000) })), 'signature-not-yet-valid');
  assert.equal(check(message, policy(der, { keyFor: () => null })), 'key-unknown');
  assert.equal(check(message, policy(der, { required: [...COMPONENTS, 'content-length'] })), 'components-missing');
  assert.equal(check({ ...message, headers: { ...message.headers, 'signature-input': undefined } }), 'signature-missing');
  assert.equal(check({ ...message, headers: { ...message.headers, 'signature-input': 'sig1=("@method"' } }), 'signature-malformed');
});
