import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { policyOidFor } from '../pki/index.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const CA_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

export interface DemoCa {
  certificate: x509.X509Certificate;
  keys: CryptoKeyPair;
}

function serial(): string {
  // Positive 16-byte serial: clear the top bit.
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

/** A software CA: this is the demo's "resource center CA", never a real one, so its key lives in a file. */
export async function createDemoCa(name: string, now = new Date()): Promise<DemoCa> {
  const keys = (await webcrypto.subtle.generateKey(CA_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + 3650 * DAY_MS),
    keys,
    signingAlgorithm: CA_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificate, keys };
}

export interface LeafProfile {
  kind: 'unit' | 'personal' | 'seal';
  subject: string;
  validDays: number;
}

const EKU: Record<LeafProfile['kind'], string[]> = {
  unit: [x509.ExtendedKeyUsage.clientAuth],
  personal: [x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.emailProtection],
  seal: ['1.3.6.1.5.5.7.3.36'],
};

/** Issues a certificate for a public key generated on the token (SPKI DER), signed by the demo CA. */
export async function issueLeaf(ca: DemoCa, spki: Uint8Array, profile: LeafProfile, now = new Date()): Promise<x509.X509Certificate> {
  const publicKey = new x509.PublicKey(new Uint8Array(spki));
  return x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: profile.subject,
    issuer: ca.certificate.subject,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + profile.validDays * DAY_MS),
    publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: CA_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      new x509.ExtendedKeyUsageExtension(EKU[profile.kind]),
      new x509.CertificatePolicyExtension([policyOidFor(profile.kind)]),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
    ],
  });
}
