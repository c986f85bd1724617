import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { test } from 'node:test';
import { contentDigest, signatureBase } from '../../../electron/services/httpsig/index.ts';
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
