import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { derInteger } from '../der/index.ts';
import { OID, policyOidFor } from '../pki/index.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const CA_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

export interface DemoCa {
  certificate: x509.X509Certificate;
  keys: CryptoKeyPair;
}

function serial(): string {
  // Positive and minimally encoded (DER): top bit clear, first byte never zero.
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
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

export type HolderKind = 'unit' | 'personal' | 'device' | 'seal';

export interface LeafProfile {
  /** Holders' certificates carry the regulations' policy OIDs; the center's own certificates do not. */
  kind: HolderKind | 'center-signing' | 'center-encryption' | 'center-timestamping';
  subject: string;
  validDays: number;
}

const SIGNING_USAGE = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;

/**
 * A holder who signs documents (application packages, approvals, requests) and logs in to the center.
 * Whatever signs documents carries emailProtection: OpenSSL's `cms -verify` and NSS (pdfsig) accept a
 * CMS signer only for that usage, Adobe also for documentSigning (RFC 9336).
 */
const DOCUMENT_SIGNER = { keyUsage: SIGNING_USAGE, eku: [x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.emailProtection] };

const USAGE: Record<LeafProfile['kind'], { keyUsage: number; eku: string[]; ekuCritical?: true }> = {
  unit: DOCUMENT_SIGNER,
  personal: DOCUMENT_SIGNER,
  device: { keyUsage: x509.KeyUsageFlags.digitalSignature, eku: [x509.ExtendedKeyUsage.clientAuth] },
  // With documentSigning alone pdfsig called the seal's certificate broken.
  seal: { keyUsage: SIGNING_USAGE, eku: [x509.ExtendedKeyUsage.emailProtection, OID.documentSigning] },
  'center-signing': { keyUsage: x509.KeyUsageFlags.digitalSignature, eku: [x509.ExtendedKeyUsage.serverAuth] },
  'center-encryption': { keyUsage: x509.KeyUsageFlags.keyEncipherment, eku: [x509.ExtendedKeyUsage.emailProtection] },
  // RFC 3161 §2.3: a TSA certificate has timeStamping as its only, critical, extended key usage.
  'center-timestamping': { keyUsage: SIGNING_USAGE, eku: [x509.ExtendedKeyUsage.timeStamping], ekuCritical: true },
};

function isHolder(kind: LeafProfile['kind']): kind is HolderKind {
  return !kind.startsWith('center-');
}

/** Issues a certificate for a public key (SPKI DER), e.g. one generated on the token, signed by the CA. */
export async function issueLeaf(ca: DemoCa, spki: Uint8Array, profile: LeafProfile, now = new Date()): Promise<x509.X509Certificate> {
  const publicKey = new x509.PublicKey(new Uint8Array(spki));
  const usage = USAGE[profile.kind];
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
      new x509.KeyUsagesExtension(usage.keyUsage, true),
      new x509.ExtendedKeyUsageExtension(usage.eku, usage.ekuCritical ?? false),
      ...(isHolder(profile.kind) ? [new x509.CertificatePolicyExtension([policyOidFor(profile.kind)])] : []),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
    ],
  });
}

/** The CA key as PKCS#8, for the reference center's data directory (a demo CA, never a real one). */
export async function exportCaKey(ca: DemoCa): Promise<Uint8Array> {
  return new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', ca.keys.privateKey));
}

export async function importCa(certificateDer: Uint8Array, pkcs8: Uint8Array): Promise<DemoCa> {
  const certificate = new x509.X509Certificate(new Uint8Array(certificateDer));
  const privateKey = await webcrypto.subtle.importKey('pkcs8', new Uint8Array(pkcs8), CA_ALGORITHM, true, ['sign']);
  const publicKey = await certificate.publicKey.export(CA_ALGORITHM, ['verify']);
  return { certificate, keys: { privateKey, publicKey } as CryptoKeyPair };
}

export interface CrlEntry {
  certificate: Uint8Array;
  revokedAt: Date;
}

/** A CRL for everything the CA revoked, valid for a day: what the reference center publishes. */
export async function issueCrl(ca: DemoCa, revoked: readonly CrlEntry[], now = new Date()): Promise<Uint8Array> {
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.certificate.subject,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + DAY_MS),
    signingAlgorithm: CA_ALGORITHM,
    signingKey: ca.keys.privateKey,
    entries: revoked.map((entry) => ({
      serialNumber: new x509.X509Certificate(new Uint8Array(entry.certificate)).serialNumber,
      revocationDate: entry.revokedAt,
    })),
    extensions: [
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
      // RFC 5280 §5.2.3: a CRL MUST carry a non-critical, increasing cRLNumber; the issue time in seconds increases.
      new x509.Extension(OID.crlNumber, false, new Uint8Array(derInteger(Math.floor(now.getTime() / 1000)))),
    ],
  });
  return new Uint8Array(crl.rawData);
}
