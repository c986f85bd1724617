import 'reflect-metadata';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as x509 from '@peculiar/x509';
import { createDemoCa, issueLeaf } from '../../../../electron/services/demo/ca.ts';
import {
  derFromPem,
  describeCertificate,
  evaluateTrust,
  nameField,
  nameValues,
  readCertificateFields,
  type ParsedName,
} from '../../../../electron/services/pki/index.ts';
import { KEY_ARGS, type OpensslKey } from '../../../support/openssl.ts';
import { tempDir } from '../../../support/temp.ts';

// SealDesk reads certificates from their DER; @peculiar/x509 is the oracle. Approver entries stored in
// settings hold a name's text, so the text must come out exactly as x509 has always written it.
const dir = tempDir('certificate-fields');

interface Made {
  key: OpensslKey;
  subject: string;
  /** The req section's string_mask: `default` writes non-ASCII as BMPString, `utf8only` as UTF8String. */
  strings?: 'default' | 'utf8only';
  extensions?: string[];
  serial?: string;
}

let made = 0;
function opensslMade({ key, subject, strings = 'utf8only', extensions = [], serial = '0x1234' }: Made): Uint8Array {
  const name = `c${made++}`;
  const config = join(dir, `${name}.cnf`);
  writeFileSync(config, `[req]\ndistinguished_name = dn\nstring_mask = ${strings}\nutf8 = yes\n[dn]\n[ext]\n${extensions.join('\n')}\n`);
  const pem = join(dir, `${name}.pem`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      ...KEY_ARGS[key],
      '-nodes',
      '-keyout',
      join(dir, `${name}.key`),
      '-out',
      pem,
      '-days',
      '30',
      '-subj',
      subject,
      '-multivalue-rdn',
      '-config',
      config,
      '-extensions',
      'ext',
      '-set_serial',
      serial,
    ],
    { stdio: 'ignore' },
  );
  const [der] = derFromPem(readFileSync(pem, 'utf8'));
  assert.ok(der);
  return der;
}

const FULL_EXTENSIONS = [
  'keyUsage = critical, digitalSignature, nonRepudiation, keyCertSign, cRLSign',
  'extendedKeyUsage = clientAuth, emailProtection, 1.3.6.1.5.5.7.3.36',
  'certificatePolicies = 1.2.156.112562.1.1, 2.23.140.1.2.2',
  'basicConstraints = critical, CA:TRUE, pathlen:0',
  'subjectKeyIdentifier = hash',
];

function assertNameAsX509(ours: ParsedName, theirs: x509.Name): void {
  assert.equal(ours.text, theirs.toString());
  for (const type of ['CN', 'O', 'OU', 'C', 'E', 'DC']) assert.deepEqual(nameField(ours, type), theirs.getField(type), type);
  assert.deepEqual(
    nameValues(ours),
    theirs.toJSON().flatMap((rdn) => Object.values(rdn).flat()),
  );
}

function assertReadAsX509(der: Uint8Array): void {
  const ours = readCertificateFields(der);
  const theirs = new x509.X509Certificate(new Uint8Array(der));
  assertNameAsX509(ours.subject, theirs.subjectName);
  assertNameAsX509(ours.issuer, theirs.issuerName);
  assert.equal(ours.serialNumber, theirs.serialNumber);
  assert.equal(ours.notBefore.toISOString(), theirs.notBefore.toISOString());
  assert.equal(ours.notAfter.toISOString(), theirs.notAfter.toISOString());
  assert.deepEqual(ours.subjectPublicKeyInfo, new Uint8Array(theirs.publicKey.rawData));
  const details = describeCertificate(der);
  const usages = theirs.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
  assert.deepEqual(
    details.keyUsage,
    Object.entries(x509.KeyUsageFlags)
      .filter(([name, flag]) => typeof flag === 'number' && (usages & flag) !== 0 && !name.endsWith('Only'))
      .map(([name]) => name),
  );
  assert.deepEqual(ours.extensions.size, theirs.extensions.length);
  assert.deepEqual(details.policies, [...(theirs.getExtension(x509.CertificatePolicyExtension)?.policies ?? [])]);
  assert.equal(details.isCa, theirs.getExtension(x509.BasicConstraintsExtension)?.ca ?? false);
  assert.equal(details.selfSigned, theirs.subject === theirs.issuer);
}

test('names with multi-valued RDNs, characters to escape, Chinese, e-mail and DC attributes read as x509 reads them', () => {
  const subject =
    '/C=CN/ST=福建省/L=福州/O=示例单位\\, 办公室/OU=信息科+OU=档案室/CN=#张三 "主任" <a;b> /emailAddress=zhang@example.cn/DC=example';
  assertReadAsX509(opensslMade({ key: 'rsa', subject, extensions: FULL_EXTENSIONS, serial: '0x80ab' }));
});

test('BMPString and PrintableString values, and a control character, read as x509 reads them', () => {
  assertReadAsX509(opensslMade({ key: 'ec', subject: '/C=CN/O=示例单位/CN=李四\nline two\ttab', strings: 'default' }));
});

test('EC and SM2 keys, certificates without extensions and a zero serial read as x509 reads them', () => {
  assertReadAsX509(opensslMade({ key: 'ec', subject: '/CN=plain', serial: '0' }));
  const sm2 = opensslMade({ key: 'sm2', subject: '/C=CN/O=示例单位/CN=示例单位电子印章', extensions: FULL_EXTENSIONS });
  assertReadAsX509(sm2);
  assert.equal(describeCertificate(sm2).keyType.family, 'SM2');
});

test('the demo CA and the certificates it issues read as x509 reads them, key usages and purposes included', async () => {
  const ca = await createDemoCa('SealDesk 演示 CA');
  assertReadAsX509(new Uint8Array(ca.certificate.rawData));
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
  for (const kind of ['unit', 'personal', 'seal', 'center-timestamping'] as const) {
    const leaf = await issueLeaf(ca, spki, { kind, subject: `C=CN, O=示例单位, CN=${kind}`, validDays: 30 });
    assertReadAsX509(new Uint8Array(leaf.rawData));
    const eku = leaf.getExtension(x509.ExtendedKeyUsageExtension)?.usages.map(String) ?? [];
    assert.equal(describeCertificate(new Uint8Array(leaf.rawData)).extendedKeyUsage.length, eku.length);
  }
});

test('damaged certificates give CERT_PARSE_FAILED, never a wrong reading', () => {
  const der = opensslMade({ key: 'ec', subject: '/CN=damaged', extensions: FULL_EXTENSIONS });
  for (const cut of [1, 10, der.length - 1])
    assert.throws(() => readCertificateFields(der.subarray(0, cut)), { code: 'CERT_PARSE_FAILED' });
  const wrongLength = der.slice();
  wrongLength[1] = (wrongLength[1] ?? 0) ^ 0x01;
  assert.throws(() => readCertificateFields(wrongLength), { code: 'CERT_PARSE_FAILED' });
});

test('a malformed extension value is CERT_PARSE_FAILED when described, and a bad-extension refusal when a chain is checked', () => {
  // A NULL where keyUsage's BIT STRING, basicConstraints' and extendedKeyUsage's SEQUENCE belong.
  const malformed = ['2.5.29.15', '2.5.29.19', '2.5.29.37'].map((oid) =>
    opensslMade({ key: 'ec', subject: '/CN=malformed', extensions: [`${oid} = DER:05:00`] }),
  );
  for (const der of malformed) assert.throws(() => describeCertificate(der), { code: 'CERT_PARSE_FAILED' });
  const [keyUsage = new Uint8Array()] = malformed;
  const trust = evaluateTrust(keyUsage, [], [keyUsage], new Date(), { purpose: 'signing' });
  assert.deepEqual([trust.status, trust.failure?.problem], ['chain-invalid', 'bad-extension']);
});
