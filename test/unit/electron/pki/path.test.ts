import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, webcrypto } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { createDemoCa, DEMO_CA_NAME, issueCrl, issueLeaf, type LeafProfile } from '../../../../electron/services/demo/index.ts';
import { derFromPem, describeCertificate, evaluateTrust } from '../../../../electron/services/pki/index.ts';
import { certificate, DAY, KEY_ENCIPHERMENT, party, SIGNING, type Party } from '../../../support/chains.ts';
import { crossSignedMesh } from '../../../support/mesh.ts';
import { KEY_ARGS, opensslCertificate } from '../../../support/openssl.ts';
import { tempDir } from '../../../support/temp.ts';

const NOW = new Date();
let root: Party;
let mid: Party;
let holder: Party;
let rootCert: Uint8Array;
let midCert: Uint8Array;

const leafOf = (issuer: Party, options = {}) =>
  certificate(holder, { issuer, basicConstraints: { ca: false }, keyUsage: SIGNING, ...options });

before(async () => {
  [root, mid, holder] = await Promise.all([party('CN=根 CA'), party('CN=中级 CA'), party('CN=张三')]);
  rootCert = await certificate(root, { notBefore: new Date(NOW.getTime() - 1000 * DAY) });
  midCert = await certificate(mid, { issuer: root });
});

test('root → intermediate → leaf is trusted, chain listed leaf first', async () => {
  const result = evaluateTrust(await leafOf(mid), [midCert], [rootCert], NOW, { purpose: 'signing' });
  assert.equal(result.status, 'trusted');
  assert.equal(result.chain.length, 3);
  assert.equal(result.failure, null);
});

test('an expired intermediate is named, and the answer depends on the time asked about', async () => {
  const lapsed = await certificate(mid, {
    issuer: root,
    notBefore: new Date(NOW.getTime() - 400 * DAY),
    notAfter: new Date(NOW.getTime() - DAY),
  });
  const leaf = await leafOf(mid, { notBefore: new Date(NOW.getTime() - 300 * DAY) });
  const now = evaluateTrust(leaf, [lapsed], [rootCert], NOW);
  assert.equal(now.status, 'expired');
  assert.deepEqual(now.failure && [now.failure.subject, now.failure.problem], ['CN=中级 CA', 'expired']);
  assert.equal(evaluateTrust(leaf, [lapsed], [rootCert], new Date(NOW.getTime() - 100 * DAY)).status, 'trusted');
});

test('an intermediate without basicConstraints, or not allowed to sign certificates, breaks the chain', async () => {
  const noBc = await certificate(mid, { issuer: root, basicConstraints: null });
  const notCa = await certificate(mid, { issuer: root, basicConstraints: { ca: false } });
  const noCertSign = await certificate(mid, { issuer: root, keyUsage: SIGNING });
  const leaf = await leafOf(mid);
  for (const [intermediate, problem] of [
    [noBc, 'issuer-not-ca'],
    [notCa, 'issuer-not-ca'],
    [noCertSign, 'issuer-key-usage'],
  ] as const) {
    const result = evaluateTrust(leaf, [intermediate], [rootCert], NOW);
    assert.equal(result.status, 'chain-invalid');
    assert.deepEqual(result.failure && [result.failure.subject, result.failure.problem], ['CN=中级 CA', problem]);
  }
});

test('a path longer than the root allows is refused', async () => {
  const strictRoot = await certificate(root, { basicConstraints: { ca: true, pathLength: 0 } });
  const result = evaluateTrust(await leafOf(mid), [midCert], [strictRoot], NOW);
  assert.equal(result.failure?.problem, 'path-length');
});

test('the end certificate must allow the use: signing needs digitalSignature, time-stamping its EKU', async () => {
  const encryptOnly = await leafOf(mid, { keyUsage: KEY_ENCIPHERMENT });
  const signing = evaluateTrust(encryptOnly, [midCert], [rootCert], NOW, { purpose: 'signing' });
  assert.deepEqual([signing.status, signing.failure?.problem, signing.failure?.subject], ['chain-invalid', 'key-usage', 'CN=张三']);
  const tsa = evaluateTrust(await leafOf(mid), [midCert], [rootCert], NOW, { purpose: 'timestamping' });
  assert.equal(tsa.failure?.problem, 'extended-key-usage');
  const stamped = await leafOf(mid, { extendedKeyUsage: ['1.3.6.1.5.5.7.3.8'] });
  assert.equal(evaluateTrust(stamped, [midCert], [rootCert], NOW, { purpose: 'timestamping' }).status, 'trusted');
});

test('a leaf naming an issuer that is not the certificate whose key signed it is a name mismatch', async () => {
  const result = evaluateTrust(await leafOf(mid, { issuerName: 'CN=别的 CA' }), [midCert], [rootCert], NOW);
  assert.deepEqual([result.status, result.failure?.problem], ['chain-invalid', 'name-mismatch']);
});

test('a missing intermediate, an unknown root and a forged signature are told apart', async () => {
  const leaf = await leafOf(mid);
  assert.equal(evaluateTrust(leaf, [], [rootCert], NOW).failure?.problem, 'no-issuer');
  const unknown = evaluateTrust(leaf, [midCert, rootCert], [], NOW);
  assert.deepEqual([unknown.status, unknown.failure?.subject], ['untrusted-root', 'CN=根 CA']);
  const impostor = await party('CN=中级 CA');
  const forged = await certificate(impostor, { issuer: root, issuerName: 'CN=根 CA' });
  const signedByImpostor = await leafOf(impostor);
  assert.equal(evaluateTrust(signedByImpostor, [midCert], [rootCert], NOW).failure?.problem, 'signature-invalid');
  assert.equal(evaluateTrust(signedByImpostor, [forged], [rootCert], NOW).status, 'trusted', 'the impostor was signed by root');
});

test('cross-signed: the path through the cross certificate to a trusted root is found past a dead end', async () => {
  const newRoot = await party('CN=新根 CA');
  const newRootSelf = await certificate(newRoot);
  const newRootByOld = await certificate(newRoot, { issuer: root });
  const leaf = await leafOf(newRoot);
  const result = evaluateTrust(leaf, [newRootSelf, newRootByOld], [rootCert], NOW);
  assert.equal(result.status, 'trusted');
  assert.equal(result.chain.length, 3, 'leaf, cross certificate, old root');
  assert.equal(evaluateTrust(leaf, [newRootSelf, newRootByOld], [newRootSelf], NOW).chain.length, 2, 'or the new root directly');
});

test('a revoked intermediate fails the path; the trust anchor is not asked about', async () => {
  const asked: string[] = [];
  const result = evaluateTrust(await leafOf(mid), [midCert], [rootCert], NOW, {
    revocation: (der) => {
      asked.push(Buffer.from(der).equals(Buffer.from(midCert)) ? 'mid' : Buffer.from(der).equals(Buffer.from(rootCert)) ? 'root' : 'leaf');
      return Buffer.from(der).equals(Buffer.from(midCert)) ? 'revoked' : 'good';
    },
  });
  assert.deepEqual([result.status, result.failure?.subject], ['revoked', 'CN=中级 CA']);
  assert.deepEqual(asked, ['leaf', 'mid']);
});

test('RSA and RSASSA-PSS chains made by openssl verify, the PSS hash taken from the signature parameters', () => {
  const dir = tempDir('pss-chain');
  const rsaRoot = opensslCertificate(dir, 'rsa', '/CN=RSA 根 CA');
  // `openssl x509 -req` writes a v1 certificate unless given extensions; path validation needs the issuer's key named.
  const extensions = join(dir, 'leaf.ext');
  writeFileSync(extensions, 'authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n');
  const issue = (name: string, signing: string[]): Uint8Array => {
    const request = join(dir, `${name}.csr`);
    const leaf = join(dir, `${name}.pem`);
    execFileSync('openssl', [
      'req',
      '-new',
      ...KEY_ARGS.ec,
      '-nodes',
      '-keyout',
      join(dir, `${name}.key`),
      '-subj',
      `/CN=${name}`,
      '-out',
      request,
    ]);
    execFileSync('openssl', [
      'x509',
      '-req',
      '-in',
      request,
      '-CA',
      join(dir, 'rsa.pem'),
      '-CAkey',
      join(dir, 'rsa.key'),
      '-out',
      leaf,
      '-days',
      '5',
      '-extfile',
      extensions,
      ...signing,
    ]);
    return derFromPem(readFileSync(leaf, 'utf8'))[0] as Uint8Array;
  };
  const pkcs1 = issue('pkcs1', ['-sha256']);
  const pss = issue('pss', ['-sha384', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:digest']);
  assert.equal(describeCertificate(pss).signatureAlgorithm, 'RSASSA-PSS');
  for (const leaf of [pkcs1, pss]) {
    assert.equal(evaluateTrust(leaf, [], [rsaRoot], new Date()).status, 'trusted');
    const forged = leaf.slice();
    forged[forged.length - 1] = (forged[forged.length - 1] ?? 0) ^ 0x01;
    assert.equal(evaluateTrust(forged, [], [rsaRoot], new Date()).failure?.problem, 'signature-invalid');
  }
});

test('a mesh of 225 cross-signed CAs sharing names is answered "too many candidates" by the work budget, not left to hang', async () => {
  const mesh = await crossSignedMesh();
  const result = evaluateTrust(mesh.leaf, mesh.intermediates, mesh.roots, NOW, { purpose: 'signing' });
  assert.deepEqual([result.status, result.failure?.problem], ['chain-incomplete', 'too-many-candidates']);
  const again = evaluateTrust(mesh.leaf, mesh.intermediates, mesh.roots, NOW, { purpose: 'signing' });
  assert.deepEqual(again, result, 'the budget counts work, cached or not: the same answer every time');
});

test('a possible issuer or root that does not parse is skipped and named; the chain is still built', async () => {
  const garbage = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]);
  const result = evaluateTrust(await leafOf(mid), [garbage, midCert], [garbage, rootCert], NOW, { purpose: 'signing' });
  assert.equal(result.status, 'trusted');
  assert.deepEqual(
    result.skipped.map((skipped) => skipped.fingerprint),
    [createHash('sha256').update(garbage).digest('hex')],
  );
});

test('the demo CA (the reference center CA too): its signers, TSA and center certificates chain, and its CRL is a valid RFC 5280 CRL', async () => {
  const ca = await createDemoCa(DEMO_CA_NAME);
  const caDer = new Uint8Array(ca.certificate.rawData);
  const issue = async (kind: LeafProfile['kind']) => {
    const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', keys.publicKey));
    return new Uint8Array((await issueLeaf(ca, spki, { kind, subject: `CN=${kind}`, validDays: 30 })).rawData);
  };
  const [seal, unit, tsa, signing] = await Promise.all([
    issue('seal'),
    issue('unit'),
    issue('center-timestamping'),
    issue('center-signing'),
  ]);
  const crl = await issueCrl(ca, [{ certificate: unit, revokedAt: new Date(Date.now() - DAY) }]);
  // After every issue time: a certificate's notBefore and the CRL's thisUpdate are when they were made.
  const now = new Date(Date.now() + 1000);
  for (const leaf of [seal, unit]) assert.equal(evaluateTrust(leaf, [], [caDer], now, { purpose: 'signing' }).status, 'trusted');
  assert.equal(evaluateTrust(tsa, [], [caDer], now, { purpose: 'timestamping' }).status, 'trusted');
  assert.equal(evaluateTrust(signing, [], [caDer], now).status, 'trusted');
  assert.equal(evaluateTrust(seal, [], [caDer], now, { purpose: 'signing', crls: [crl] }).status, 'trusted');
  const revoked = evaluateTrust(unit, [], [caDer], now, { purpose: 'signing', crls: [crl] });
  assert.deepEqual([revoked.status, revoked.failure?.problem], ['revoked', 'revoked']);
});
