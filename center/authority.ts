import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDemoCa, DEMO_CA_NAME, exportCaKey, importCa, issueLeaf, type DemoCa } from '../electron/services/demo/index.ts';
import { derFromPem, pemFromDer } from '../electron/services/pki/index.ts';
import { writeFileAtomic } from '../electron/services/platform/index.ts';
import type { Signer } from '../electron/services/token/index.ts';

const CENTER_NAME = 'C=CN, O=示例市电子政务资源中心';

interface KeyAndCertificate {
  certificate: Uint8Array;
  key: KeyObject;
}

/** The center's key material: its CA, the key that signs every response, the key submissions are encrypted to, the TSA's key. */
export interface CenterAuthority {
  ca: DemoCa;
  caPath: string;
  signing: KeyAndCertificate;
  encryption: KeyAndCertificate;
  timestamping: KeyAndCertificate;
}

const files = (dir: string) => ({
  caCertificate: join(dir, 'keys', 'ca.pem'),
  caKey: join(dir, 'keys', 'ca.key'),
  signingCertificate: join(dir, 'keys', 'signing.pem'),
  signingKey: join(dir, 'keys', 'signing.key'),
  encryptionCertificate: join(dir, 'keys', 'encryption.pem'),
  encryptionKey: join(dir, 'keys', 'encryption.key'),
  timestampingCertificate: join(dir, 'keys', 'timestamping.pem'),
  timestampingKey: join(dir, 'keys', 'timestamping.key'),
});

type CenterKeyKind = 'center-signing' | 'center-encryption' | 'center-timestamping';

function firstDer(path: string): Uint8Array {
  const [der] = derFromPem(readFileSync(path, 'utf8'));
  if (der === undefined) throw new Error(`${path} holds no certificate`);
  return der;
}

/** Creates the CA and both service keys once; later calls load them. Keys are files: this is a reference center. */
export async function loadOrCreateAuthority(dir: string): Promise<CenterAuthority> {
  const paths = files(dir);
  if (!existsSync(paths.caKey)) await createAuthority(paths);
  const pkcs8 = createPrivateKey(readFileSync(paths.caKey)).export({ type: 'pkcs8', format: 'der' });
  const ca = await importCa(firstDer(paths.caCertificate), pkcs8);
  // Centers created before the TSA existed get its key on their next start.
  if (!existsSync(paths.timestampingKey)) await createTimestamping(ca, paths);
  const load = (certificate: string, key: string): KeyAndCertificate => ({
    certificate: firstDer(certificate),
    key: createPrivateKey(readFileSync(key)),
  });
  return {
    ca,
    caPath: paths.caCertificate,
    signing: load(paths.signingCertificate, paths.signingKey),
    encryption: load(paths.encryptionCertificate, paths.encryptionKey),
    timestamping: load(paths.timestampingCertificate, paths.timestampingKey),
  };
}

async function issueFor(ca: DemoCa, key: KeyObject, kind: CenterKeyKind, cn: string): Promise<Uint8Array> {
  const spki = key.export({ type: 'spki', format: 'der' });
  return new Uint8Array((await issueLeaf(ca, spki, { kind, subject: `${CENTER_NAME}, CN=${cn}`, validDays: 3650 })).rawData);
}

async function createTimestamping(ca: DemoCa, paths: ReturnType<typeof files>): Promise<void> {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileAtomic(
    paths.timestampingCertificate,
    pemFromDer(await issueFor(ca, pair.publicKey, 'center-timestamping', '资源中心 时间戳服务')),
    0o644,
  );
  writeFileAtomic(paths.timestampingKey, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
}

async function createAuthority(paths: ReturnType<typeof files>): Promise<void> {
  const ca = await createDemoCa(DEMO_CA_NAME);
  const signing = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const encryption = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingCertificate = await issueFor(ca, signing.publicKey, 'center-signing', '资源中心 接口签名');
  const encryptionCertificate = await issueFor(ca, encryption.publicKey, 'center-encryption', '资源中心 数据加密');
  mkdirSync(join(paths.caKey, '..'), { recursive: true, mode: 0o700 });
  writeFileAtomic(paths.caCertificate, pemFromDer(new Uint8Array(ca.certificate.rawData)), 0o644);
  writeFileAtomic(paths.signingCertificate, pemFromDer(signingCertificate), 0o644);
  writeFileAtomic(paths.encryptionCertificate, pemFromDer(encryptionCertificate), 0o644);
  writeFileAtomic(paths.signingKey, signing.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  writeFileAtomic(paths.encryptionKey, encryption.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  // Written last: its presence marks the authority complete.
  writeFileAtomic(paths.caKey, pemFromDer(await exportCaKey(ca), 'PRIVATE KEY'));
}

/** The center signs responses in software; the same Signer interface the token offers. */
export function softwareSigner({ certificate, key }: KeyAndCertificate): Signer {
  return {
    certificate,
    keyType: { family: 'EC', display: 'EC P-256', bits: 256 },
    algorithms: ['ecdsa-p256-sha256'],
    sign: (data) => Promise.resolve(new Uint8Array(sign('sha256', data, key))),
  };
}
