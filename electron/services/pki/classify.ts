import type { CertKind } from '../../../shared/model/certificate.ts';
import { OID } from './oids.ts';
import profiles from './profiles.json' with { type: 'json' };

export interface ClassifyInput {
  policies: readonly string[];
  extendedKeyUsage: readonly string[];
  commonName: string | null;
  organization: string | null;
  creditCode: string | null;
  isCa: boolean;
}

const KINDS = ['seal', 'unit', 'personal', 'device'] as const satisfies readonly CertKind[];

/**
 * The certificate policy decides when it names a known profile; otherwise the subject's shape does:
 * a seal name, a device (server-only EKU), a unit (CN is the organisation) or a person (CN differs).
 */
export function classifyCertificate(input: ClassifyInput): CertKind {
  if (input.isCa) return 'unknown';
  const byPolicy = KINDS.find((kind) => profiles.policies[kind].some((oid) => input.policies.includes(oid)));
  if (byPolicy !== undefined) return byPolicy;
  const name = input.commonName ?? '';
  if (profiles.sealNameMarkers.some((marker) => name.includes(marker))) return 'seal';
  const eku = input.extendedKeyUsage;
  if (eku.includes(OID.serverAuth) && !eku.includes(OID.clientAuth)) return 'device';
  if (input.organization !== null && name !== '' && name === input.organization) return 'unit';
  if (input.organization !== null && name !== '') return 'personal';
  return 'unknown';
}

export function policyOidFor(kind: Exclude<CertKind, 'unknown'>): string {
  const [oid] = profiles.policies[kind];
  if (oid === undefined) throw new Error(`no policy OID for ${kind}`);
  return oid;
}
