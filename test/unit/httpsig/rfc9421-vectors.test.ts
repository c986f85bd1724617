import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { test } from 'node:test';
import {
  contentDigest,
  sharedSecretSigner,
  signatureBase,
  signMessage,
  verifyMessage,
  type Verification,
  type VerifyingKey,
} from '../../../electron/services/httpsig/index.ts';
import { parseDictionary, type InnerList } from '../../../electron/services/httpsig/structured.ts';

// RFC 9421 Appendix B.1.3 (test-key-ecc-p256) and B.2.4 (a response signed with ecdsa-p256-sha256).
const TEST_KEY_ECC_P256 = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lf
w0EkjqF7xB4FivAxzic30tMM4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==
-----END PUBLIC KEY-----`;
const B24_INPUT = 'sig-b24=("@status" "content-type" "content-digest" "content-length");created=1618884473;keyid="test-key-ecc-p256"';
const B24_SIGNATURE = 'sig-b24=:wNmSUAhwb5LxtOtOpNa6W5xj067m5hFrj0XQ4fvpaCLx0NKocgPquLgyahnzDnDAUy5eCdlYUEkLIj+32oiasw==:';
const B24_DIGEST = 'sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==:';
const response = {
  status: 200,
  headers: { 'content-type': 'application/json', 'content-digest': B24_DIGEST, 'content-length': '23' },
};

test('RFC 9421 B.2.4: the signature base is built byte for byte, and the published signature verifies over it', () => {
  const input = parseDictionary(B24_INPUT).get('sig-b24') as InnerList;
  const base = signatureBase(response, input);
  assert.equal(
    base,
    [
      '"@status": 200',
      '"content-type": application/json',
      `"content-digest": ${B24_DIGEST}`,
      '"content-length": 23',
      '"@signature-params": ("@status" "content-type" "content-digest" "content-length");created=1618884473;keyid="test-key-ecc-p256"',
    ].join('\n'),
  );
  const signature = parseDictionary(B24_SIGNATURE).get('sig-b24') as Uint8Array;
  const key = createPublicKey(TEST_KEY_ECC_P256);
  assert.equal(verify('sha256', Buffer.from(base), { key, dsaEncoding: 'ieee-p1363' }, signature), true);
  assert.equal(verify('sha256', Buffer.from(base.replace('200', '201')), { key, dsaEncoding: 'ieee-p1363' }, signature), false);
});

test('RFC 9421 §2.2: derived request components come from the target URI', () => {
  const request = { method: 'POST', targetUri: 'https://example.com/foo?param=Value&Pet=dog', headers: {} };
  const input = { items: ['@method', '@authority', '@path', '@query', '@target-uri'], params: [['created', 1618884473]] } as InnerList;
  assert.equal(
    signatureBase(request, input),
    [
      '"@method": POST',
      '"@authority": example.com',
      '"@path": /foo',
      '"@query": ?param=Value&Pet=dog',
      '"@target-uri": https://example.com/foo?param=Value&Pet=dog',
      '"@signature-params": ("@method" "@authority" "@path" "@query" "@target-uri");created=1618884473',
    ].join('\n'),
  );
});

test('RFC 9530: Content-Digest with SHA-256 of the body', () => {
  // The SHA-256 of {"hello": "world"}\n from RFC 9530 §B.1.
  assert.equal(contentDigest('{"hello": "world"}\n'), 'sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:');
});

// RFC 9421 Appendix B.1.5 (test-shared-secret) and B.2.5 (a request signed with hmac-sha256): what a session key signs with.
const TEST_SHARED_SECRET = Buffer.from(
  'uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ==',
  'base64',
);
const B25_INPUT = 'sig-b25=("date" "@authority" "content-type");created=1618884473;keyid="test-shared-secret"';
const B25_SIGNATURE = 'sig-b25=:pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=:';

test('RFC 9421 B.2.5: an HMAC-SHA256 signature over the published base is the published signature', async () => {
  const request = {
    method: 'POST',
    targetUri: 'https://example.com/foo?param=Value&Pet=dog',
    headers: { date: 'Tue, 20 Apr 2021 02:07:55 GMT', 'content-type': 'application/json' },
  };
  const base = signatureBase(request, parseDictionary(B25_INPUT).get('sig-b25') as InnerList);
  const signature = await sharedSecretSigner('test-shared-secret', TEST_SHARED_SECRET).sign(Buffer.from(base));
  assert.deepEqual(Buffer.from(signature), Buffer.from(parseDictionary(B25_SIGNATURE).get('sig-b25') as Uint8Array));
});

test('a shared-secret signature verifies only under its secret, and never under a certificate (no algorithm confusion)', async () => {
  const certificate = selfSignedCertificate();
  const message = { method: 'GET', targetUri: 'https://center.example/v1/changes', headers: { 'content-type': 'application/json' } };
  const signed = async (keyid: string, secret: Uint8Array) => ({
    ...message,
    headers: { ...message.headers, ...(await signMessage(message, sharedSecretSigner(keyid, secret), options)) },
  });
  const options = { components: ['@method', '@target-uri', 'content-type'], created: new Date(), lifetimeSeconds: 60 };
  const policy = (key: VerifyingKey) => ({
    required: options.components,
    now: new Date(),
    skewSeconds: 5,
    maxLifetimeSeconds: 120,
    keyFor: () => key,
  });
  const verdict = (result: Verification) => (result.ok ? 'ok' : result.reason);
  assert.equal(verdict(verifyMessage(await signed('session-a', TEST_SHARED_SECRET), policy({ sharedSecret: TEST_SHARED_SECRET }))), 'ok');
  const otherSecret = Buffer.alloc(32, 7);
  assert.equal(
    verdict(verifyMessage(await signed('session-a', otherSecret), policy({ sharedSecret: TEST_SHARED_SECRET }))),
    'signature-invalid',
  );
  // The certificate, which anyone can have, used as an HMAC secret: what an attacker would try.
  assert.equal(verdict(verifyMessage(await signed('a-thumbprint', certificate), policy({ certificate }))), 'signature-invalid');
});

/** A P-256 certificate made by OpenSSL, DER. */
function selfSignedCertificate(): Uint8Array {
  const args = [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    '/dev/null',
    '-subj',
    '/CN=test',
  ];
  return new Uint8Array(execFileSync('openssl', [...args, '-outform', 'DER'], { stdio: ['ignore', 'pipe', 'ignore'] }));
}
