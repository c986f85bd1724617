import type { LegacyAlgorithm } from '../../../../shared/model/verification.ts';
import type { HashName } from '../digest.ts';
import { keyTypeOf } from '../key-type.ts';
import type { SignatureScheme } from '../signature.ts';

/**
 * The keys and signatures a path may hold, as data: what the regulations and today's CAs use. RSA keys
 * in whole octets from 2048 bits, the named curves P-256, P-384 and SM2 (no explicit curve parameters,
 * which keyTypeOf reports without a size), and hashes from SHA-256 up or SM3. A deprecated hash counts
 * only for a signature a trusted time-stamp proves older than its deprecation: SHA-1 signatures were
 * disallowed from 2014 on (NIST SP 800-131A).
 */
export const ALGORITHM_POLICY = {
  minimumRsaBits: 2048,
  ecCurveBits: [256, 384],
  hashes: ['sha256', 'sha384', 'sha512', 'sm3'] satisfies HashName[],
  deprecatedHashes: [{ hash: 'sha1', deprecatedFrom: '2014-01-01T00:00:00.000Z' }] satisfies LegacyAlgorithm[],
} as const;

export function keyAllowed(spki: Uint8Array): boolean {
  let key: ReturnType<typeof keyTypeOf>;
  try {
    key = keyTypeOf(spki);
  } catch {
    return false;
  }
  switch (key.family) {
    case 'RSA':
      return key.bits !== null && key.bits >= ALGORITHM_POLICY.minimumRsaBits && key.bits % 8 === 0;
    case 'EC':
      return ALGORITHM_POLICY.ecCurveBits.some((bits) => bits === key.bits);
    case 'SM2':
      return true;
    default:
      return false;
  }
}

export function hashAllowed(hash: HashName): boolean {
  return ALGORITHM_POLICY.hashes.some((allowed) => allowed === hash);
}

export function signatureAllowed(scheme: SignatureScheme | null): boolean {
  return scheme !== null && hashAllowed(scheme.hash);
}

/** The deprecated `hash` when a signature proven made at `provenAt` predates its deprecation; null otherwise. */
export function legacyHashAllowed(hash: HashName, provenAt: Date | null): LegacyAlgorithm | null {
  if (provenAt === null) return null;
  const entry = ALGORITHM_POLICY.deprecatedHashes.find((deprecated) => deprecated.hash === hash);
  return entry !== undefined && provenAt < new Date(entry.deprecatedFrom) ? entry : null;
}

/** The deprecated hash `scheme` uses when a signature proven made at `provenAt` predates its deprecation; null otherwise. */
export function legacySignatureAllowed(scheme: SignatureScheme | null, provenAt: Date | null): LegacyAlgorithm | null {
  return scheme === null ? null : legacyHashAllowed(scheme.hash, provenAt);
}
