import 'reflect-metadata';
import type * as x509 from '@peculiar/x509';
import type { TrustStatus } from '../../../shared/model/verification.ts';
import { parseCertificateDer, sha256Hex } from './certificate.ts';

const MAX_CHAIN = 8;

export interface TrustResult {
  status: TrustStatus;
  /** Fingerprints from the signer up to the last certificate found. */
  chain: string[];
}

/**
 * Builds a path from `leaf` through `intermediates` to one of `roots` and checks each link's
 * signature and validity at `at`. Revocation is not answered here (it needs the center's CRL/OCSP).
 */
export async function evaluateTrust(
  leaf: Uint8Array,
  intermediates: readonly Uint8Array[],
  roots: readonly Uint8Array[],
  at: Date,
): Promise<TrustResult> {
  const rootCerts = roots.map((der) => parseCertificateDer(der));
  const pool = [...intermediates.map((der) => parseCertificateDer(der)), ...rootCerts];
  const rootPrints = new Set(roots.map((der) => sha256Hex(der)));
  let current = parseCertificateDer(leaf);
  const chain = [sha256Hex(leaf)];
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    if (at < current.notBefore || at > current.notAfter) return { status: 'expired', chain };
    if (rootPrints.has(sha256Hex(new Uint8Array(current.rawData)))) return { status: 'trusted', chain };
    const issuer = await findIssuer(current, pool);
    if (issuer === undefined) return { status: current.subject === current.issuer ? 'untrusted-root' : 'chain-incomplete', chain };
    if (issuer === current) return { status: 'untrusted-root', chain };
    current = issuer;
    chain.push(sha256Hex(new Uint8Array(current.rawData)));
  }
  return { status: 'chain-incomplete', chain };
}

async function findIssuer(
  certificate: x509.X509Certificate,
  pool: readonly x509.X509Certificate[],
): Promise<x509.X509Certificate | undefined> {
  if (certificate.subject === certificate.issuer && (await verifiesWith(certificate, certificate))) return certificate;
  for (const candidate of pool) {
    if (candidate.subject !== certificate.issuer || candidate === certificate) continue;
    if (await verifiesWith(certificate, candidate)) return candidate;
  }
  return undefined;
}

async function verifiesWith(certificate: x509.X509Certificate, issuer: x509.X509Certificate): Promise<boolean> {
  try {
    return await certificate.verify({ publicKey: issuer.publicKey, signatureOnly: true });
  } catch {
    return false;
  }
}
