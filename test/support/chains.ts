import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

export interface Party {
  name: string;
  keys: CryptoKeyPair;
}

export interface CertOptions {
  /** The issuing party; the subject signs itself when absent. */
  issuer?: Party;
  /** Written as the issuer name instead of the issuer's own (a name that does not chain). */
  issuerName?: string;
  /** null leaves the extension out. */
  basicConstraints?: { ca: boolean; pathLength?: number } | null;
  keyUsage?: number | null;
  extendedKeyUsage?: string[];
  notBefore?: Date;
  notAfter?: Date;
  /** The hash the issuer signs with: SHA-256 unless asked (SHA-1 for certificates from before its deprecation). */
  hash?: 'SHA-1' | 'SHA-256';
  /** Further extensions as raw DER values, for what the generator has no class for. */
  rawExtensions?: { oid: string; critical: boolean; hex: string }[];
}

export async function party(name: string): Promise<Party> {
  return { name, keys: (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair };
}

/** A hand-made certificate for path-validation tests: every field a validator checks can be set wrong. */
export async function certificate(subject: Party, options: CertOptions = {}): Promise<Uint8Array> {
  const issuer = options.issuer ?? subject;
  const extensions: x509.Extension[] = [];
  if (options.basicConstraints !== null) {
    const bc = options.basicConstraints ?? { ca: true };
    extensions.push(new x509.BasicConstraintsExtension(bc.ca, bc.pathLength, true));
  }
  const keyUsage = options.keyUsage === undefined ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign : options.keyUsage;
  if (keyUsage !== null) extensions.push(new x509.KeyUsagesExtension(keyUsage, true));
  if (options.extendedKeyUsage) extensions.push(new x509.ExtendedKeyUsageExtension(options.extendedKeyUsage));
  for (const raw of options.rawExtensions ?? []) extensions.push(new x509.Extension(raw.oid, raw.critical, Buffer.from(raw.hex, 'hex')));
  // RFC 5280 §4.2.1.1–2, which path validation requires: a CA names its key, a certificate its issuer's.
  extensions.push(await x509.SubjectKeyIdentifierExtension.create(subject.keys.publicKey));
  if (issuer !== subject) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: `40${randomBytes(8).toString('hex')}`,
    subject: subject.name,
    issuer: options.issuerName ?? issuer.name,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY_MS),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY_MS),
    publicKey: subject.keys.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: { ...ALGORITHM, hash: options.hash ?? ALGORITHM.hash },
    extensions,
  });
  return new Uint8Array(cert.rawData);
}

export const SIGNING = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;
export const KEY_ENCIPHERMENT = x509.KeyUsageFlags.keyEncipherment;
export const DAY = DAY_MS;
