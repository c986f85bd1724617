import type { PathProblem } from '../../../../shared/model/verification.ts';
import { contentOf, DER_TAG, readDerHeader, readOid } from '../../der/index.ts';
import type { CertificateFields } from '../certificate-fields.ts';
import { EXTENSION_OID, sequenceOf } from '../extensions.ts';

const ANY_POLICY = '2.5.29.32.0';
const REQUIRE_EXPLICIT_POLICY = 0x80;
const INHIBIT_POLICY_MAPPING = 0x81;

/**
 * The certificate-policy extensions of a certificate below the trust anchor (RFC 5280 §4.2.1.5, 4.2.1.11,
 * 4.2.1.14, §6.1). SealDesk asks for no particular policy and builds no policy tree, which RFC 5280's
 * outcome needs only once a CA requires explicit policies: then the path is refused, saying so, rather
 * than accepted unchecked. Mappings to or from anyPolicy are refused as §6.1.4 (a) says; malformed
 * extensions (an empty PolicyConstraints among them) are bad extensions. Inhibiting mappings or
 * anyPolicy changes nothing while no explicit policy is required.
 */
export function policyProblem(cert: CertificateFields): PathProblem | null {
  let constraints: number[];
  let mappings: [string, string][];
  try {
    constraints = policyConstraintTags(cert.extensions.get(EXTENSION_OID.policyConstraints));
    mappings = policyMappings(cert.extensions.get(EXTENSION_OID.policyMappings));
    skipCerts(cert.extensions.get(EXTENSION_OID.inhibitAnyPolicy));
  } catch {
    return 'bad-extension';
  }
  if (mappings.some((pair) => pair.includes(ANY_POLICY))) return 'policy-mapping-any-policy';
  return constraints.includes(REQUIRE_EXPLICIT_POLICY) ? 'explicit-policy-required' : null;
}

/** PolicyConstraints ::= SEQUENCE { requireExplicitPolicy [0] SkipCerts OPTIONAL, inhibitPolicyMapping [1] SkipCerts OPTIONAL }, not empty. */
function policyConstraintTags(value: Uint8Array | undefined): number[] {
  if (value === undefined) return [];
  const fields = sequenceOf(value);
  const tags = fields.map((field) => field.tag);
  const inOrder = tags.every((tag, i) =>
    (i === 0 ? [REQUIRE_EXPLICIT_POLICY, INHIBIT_POLICY_MAPPING] : [INHIBIT_POLICY_MAPPING]).includes(tag),
  );
  if (fields.length === 0 || !inOrder || fields.some((field) => field.length === 0)) throw new Error('malformed PolicyConstraints');
  return tags;
}

/** PolicyMappings ::= SEQUENCE SIZE (1..MAX) OF SEQUENCE { issuerDomainPolicy, subjectDomainPolicy }. */
function policyMappings(value: Uint8Array | undefined): [string, string][] {
  if (value === undefined) return [];
  const pairs = sequenceOf(value);
  if (pairs.length === 0) throw new Error('empty PolicyMappings');
  return pairs.map((pair) => {
    const mapping = value.subarray(pair.offset, pair.start + pair.length);
    const [issuerPolicy, subjectPolicy, extra] = sequenceOf(mapping);
    if (issuerPolicy === undefined || subjectPolicy === undefined || extra !== undefined) throw new Error('malformed PolicyMapping');
    return [readOid(mapping, issuerPolicy), readOid(mapping, subjectPolicy)];
  });
}

/** InhibitAnyPolicy ::= SkipCerts, an INTEGER from 0. */
function skipCerts(value: Uint8Array | undefined): void {
  if (value === undefined) return;
  const header = readDerHeader(value, 0);
  const whole = header !== undefined && header.start + header.length === value.length;
  if (!whole || header.tag !== DER_TAG.integer || header.length === 0 || ((contentOf(value, header)[0] ?? 0) & 0x80) !== 0) {
    throw new Error('malformed InhibitAnyPolicy');
  }
}
