import type * as asn1js from 'asn1js';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pkijs from 'pkijs';
import { sm2 } from 'sm-crypto-v2';
import { derFromPem, describeCertificate, SM2_DEFAULT_ID, sm2PublicKeyHex } from '../../electron/services/pki/index.ts';
import { createSigner, type Signer } from '../../electron/services/token/signer.ts';

/**
 * SM2 certificates made by the openssl command line with the GM/T 0009 default ID (distid), and a
 * software key behind the token's signer interface: SoftHSM2 has no SM2, a GM USBKey would sign here.
 */
export interface Sm2Party {
  certificate: Uint8Array;
  certPath: string;
  keyPath: string;
  signer: Signer;
}

const DISTID = `distid:${SM2_DEFAULT_ID}`;

function privateKeyHex(keyPath: string): string {
  const text = execFileSync('openssl', ['pkey', '-in', keyPath, '-text', '-noout'], { encoding: 'utf8' });
  const block = /priv:\s*([\s\S]*?)\npub:/.exec(text)?.[1] ?? '';
  return block.replace(/[\s:]/g, '').padStart(64, '0').slice(-64);
}

/** A software SM2 key answering the token's raw calls as a module that hashes itself and returns DER. */
function softwareSigner(certificate: Uint8Array, keyPath: string): Signer {
  const privateKey = privateKeyHex(keyPath);
  const details = describeCertificate(certificate);
  const spki = new Uint8Array(pkijs.Certificate.fromBER(new Uint8Array(certificate)).subjectPublicKeyInfo.toSchema().toBER());
  const publicKeyHex = sm2PublicKeyHex(spki);
  const rawSign = async (_mechanism: string, input: Uint8Array): Promise<Uint8Array> =>
    Buffer.from(sm2.doSignature(input, privateKey, { hash: true, der: true, publicKey: publicKeyHex, userId: SM2_DEFAULT_ID }), 'hex');
  return createSigner(certificate, details.keyType, rawSign, {
    publicKeyHex,
    profile: { module: 'software', mechanism: '0x80008003', input: 'message', output: 'der' },
  });
}

function readCertificate(path: string): Uint8Array {
  const [der] = derFromPem(readFileSync(path, 'utf8'));
  if (der === undefined) throw new Error(`no certificate in ${path}`);
  return der;
}

/** A self-signed SM2 root CA, signed with the default ID. */
export function sm2Root(dir: string, name: string): Sm2Party {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.pem`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'sm2',
      '-sm3',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '30',
      '-utf8',
      '-subj',
      `/CN=${name}`,
    ].concat(['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-sigopt', DISTID]),
    { stdio: 'ignore' },
  );
  const certificate = readCertificate(certPath);
  return { certificate, certPath, keyPath, signer: softwareSigner(certificate, keyPath) };
}

/** An SM2 signing certificate issued by `issuer`; `standardId: false` signs it with OpenSSL 3.0's empty ID, as careless tools do. */
export function sm2Leaf(dir: string, issuer: Sm2Party, subject: string, name: string, standardId = true): Sm2Party {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.pem`);
  const csrPath = join(dir, `${name}.csr`);
  const extPath = join(dir, `${name}.ext`);
  writeFileSync(extPath, 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
  execFileSync(
    'openssl',
    ['req', '-new', '-newkey', 'sm2', '-sm3', '-nodes', '-keyout', keyPath, '-out', csrPath, '-utf8', '-subj', subject],
    {
      stdio: 'ignore',
    },
  );
  const idArgs = standardId ? ['-sigopt', DISTID] : [];
  execFileSync(
    'openssl',
    [
      'x509',
      '-req',
      '-in',
      csrPath,
      '-CA',
      issuer.certPath,
      '-CAkey',
      issuer.keyPath,
      '-set_serial',
      `0x${Date.now().toString(16)}`,
    ].concat(['-sm3', '-days', '30', '-extfile', extPath, '-out', certPath, ...idArgs]),
    { stdio: 'ignore' },
  );
  const certificate = readCertificate(certPath);
  return { certificate, certPath, keyPath, signer: softwareSigner(certificate, keyPath) };
}

/** `openssl verify` of an SM2 chain with the default ID, the way GM/T 0009 says certificates are signed. */
export function opensslVerifiesSm2(leafPath: string, rootPath: string): boolean {
  const result = spawnSync('openssl', ['verify', '-vfyopt', DISTID, '-CAfile', rootPath, leafPath], { encoding: 'utf8' });
  return result.status === 0 && /: OK/.test(result.stdout);
}

/**
 * openssl's own check of an SM2 CMS signature (GM/T 0010): the messageDigest attribute equals
 * `openssl dgst -sm3` of the content, and `openssl pkeyutl -verify -digest sm3` with the default ID
 * accepts the signature over the DER signed attributes with the signer's public key.
 */
export function opensslChecksSm2Cms(
  cms: Uint8Array,
  contentPath: string,
  signerCertPath: string,
  dir: string,
): { digest: boolean; signature: boolean } {
  const signerInfo = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(new Uint8Array(cms)).content }).signerInfos[0];
  if (signerInfo?.signedAttrs === undefined) return { digest: false, signature: false };
  const attrs = new Uint8Array(signerInfo.signedAttrs.toSchema().toBER());
  attrs[0] = 0x31;
  const messageDigest = signerInfo.signedAttrs.attributes.find((a) => a.type === '1.2.840.113549.1.9.4')?.values[0] as asn1js.OctetString;
  const sm3 = execFileSync('openssl', ['dgst', '-sm3', '-r', contentPath], { encoding: 'utf8' }).split(' ')[0];
  writeFileSync(join(dir, 'attrs.der'), attrs);
  writeFileSync(join(dir, 'signature.der'), signerInfo.signature.valueBlock.valueHexView);
  execFileSync('openssl', ['x509', '-in', signerCertPath, '-pubkey', '-noout', '-out', join(dir, 'signer-pub.pem')]);
  const verify = spawnSync(
    'openssl',
    ['pkeyutl', '-verify', '-pubin', '-inkey', join(dir, 'signer-pub.pem'), '-rawin', '-digest', 'sm3', '-pkeyopt', DISTID].concat([
      '-in',
      join(dir, 'attrs.der'),
      '-sigfile',
      join(dir, 'signature.der'),
    ]),
    { encoding: 'utf8' },
  );
  return {
    digest: Buffer.from(messageDigest.valueBlock.valueHexView).toString('hex') === sm3,
    signature: verify.status === 0 && /Signature Verified Successfully/.test(verify.stdout),
  };
}

/** `openssl ca -gencrl` by `issuer` (SM2, default ID) listing `revoked`, as an SM2 CA publishes it. */
export function sm2Crl(dir: string, issuer: Sm2Party, revoked: readonly Sm2Party[]): Uint8Array {
  const database = join(dir, 'index.txt');
  writeFileSync(database, '');
  writeFileSync(join(dir, 'crlnumber'), '01\n');
  const config = join(dir, 'ca.cnf');
  writeFileSync(
    config,
    `[ca]\ndefault_ca = sm2\n[sm2]\ndatabase = ${database}\ncrlnumber = ${join(dir, 'crlnumber')}\ndefault_md = sm3\ndefault_crl_days = 7\n`,
  );
  const common = ['-config', config, '-keyfile', issuer.keyPath, '-cert', issuer.certPath];
  for (const party of revoked)
    execFileSync('openssl', ['ca', ...common, '-revoke', party.certPath, '-crl_reason', 'keyCompromise'], { stdio: 'ignore' });
  const out = join(dir, 'sm2.crl');
  execFileSync('openssl', ['ca', ...common, '-gencrl', '-sigopt', DISTID, '-out', out], { stdio: 'ignore' });
  return new Uint8Array(execFileSync('openssl', ['crl', '-in', out, '-outform', 'DER']));
}
