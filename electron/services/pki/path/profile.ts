import type { PathProblem } from '../../../../shared/model/verification.ts';
import { DER_TAG, readDerHeader } from '../../der/index.ts';
import type { CertificateFields } from '../certificate-fields.ts';
import {
  authorityKeyIdentifierOf,
  basicConstraintsOf,
  EXTENSION_OID,
  extendedKeyUsageOf,
  keyUsageOf,
  nameConstraintsOf,
  policyOids,
  sequenceOf,
  subjectAltNamesOf,
  subjectKeyIdentifierOf,
} from '../extensions.ts';
import { keyAllowed } from './algorithm-policy.ts';
import { policyProblem } from './policies.ts';

/** Where a certificate sits: the one being trusted, a CA above it, or the trust anchor that ends the path. */
export type Role = 'end' | 'ca' | 'anchor';

const KNOWN_EXTENSIONS: ReadonlySet<string> = new Set(Object.values(EXTENSION_OID));

/** RFC 5280 §4.2: "Conforming CAs MUST mark this extension as non-critical." */
const NEVER_CRITICAL = [
  EXTENSION_OID.authorityKeyIdentifier,
  EXTENSION_OID.subjectKeyIdentifier,
  EXTENSION_OID.authorityInfoAccess,
  EXTENSION_OID.subjectInfoAccess,
  EXTENSION_OID.freshestCrl,
];
/** RFC 5280 §4.2.1.11, §4.2.1.14: "Conforming CAs MUST mark this extension as critical." */
const ALWAYS_CRITICAL = [EXTENSION_OID.policyConstraints, EXTENSION_OID.inhibitAnyPolicy];

/**
 * The RFC 5280 §4 rules one certificate must keep wherever it is on a path: extensions once each, well
 * formed and marked as the profile says, none critical that SealDesk does not process; a key the
 * algorithm policy allows; key identifiers; and for its role, CA or not.
 */
export function certificateProblem(cert: CertificateFields, role: Role, selfSigned: boolean): PathProblem | null {
  return (
    extensionProblem(cert) ??
    (keyAllowed(cert.subjectPublicKeyInfo) ? null : 'weak-key') ??
    subjectProblem(cert, role) ??
    keyIdentifierProblem(cert, role, selfSigned) ??
    (role === 'anchor' ? null : policyProblem(cert)) ??
    (role === 'end' ? endEntityProblem(cert) : caProblem(cert))
  );
}

function extensionProblem(cert: CertificateFields): PathProblem | null {
  const critical = [...cert.criticalExtensions];
  if (critical.some((oid) => !KNOWN_EXTENSIONS.has(oid))) return 'unknown-critical-extension';
  const misMarked =
    critical.some((oid) => NEVER_CRITICAL.some((never) => never === oid)) ||
    ALWAYS_CRITICAL.some((oid) => cert.extensions.has(oid) && !cert.criticalExtensions.has(oid));
  return cert.duplicateExtensions.length > 0 || misMarked || !extensionsWellFormed(cert) ? 'bad-extension' : null;
}

/** Every extension SealDesk reads parses, and the others are one DER value each. */
function extensionsWellFormed(cert: CertificateFields): boolean {
  const { extensions } = cert;
  try {
    keyUsageOf(extensions);
    basicConstraintsOf(extensions);
    extendedKeyUsageOf(extensions);
    policyOids(extensions);
    subjectKeyIdentifierOf(extensions);
    authorityKeyIdentifierOf(extensions);
    subjectAltNamesOf(extensions);
    nameConstraintsOf(extensions);
    accessDescriptions(extensions.get(EXTENSION_OID.authorityInfoAccess));
    accessDescriptions(extensions.get(EXTENSION_OID.subjectInfoAccess));
  } catch {
    return false;
  }
  return [...extensions.values()].every((value) => {
    const header = readDerHeader(value, 0);
    return header !== undefined && header.start + header.length === value.length;
  });
}

/** AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription { accessMethod OID, accessLocation GeneralName }. */
function accessDescriptions(value: Uint8Array | undefined): void {
  if (value === undefined) return;
  const descriptions = sequenceOf(value);
  if (descriptions.length === 0) throw new Error('empty AuthorityInfoAccessSyntax');
  for (const description of descriptions) {
    const [method, location, extra] = sequenceOf(value.subarray(description.offset, description.start + description.length));
    if (method?.tag !== DER_TAG.oid || location === undefined || (location.tag & 0xc0) !== 0x80 || extra !== undefined) {
      throw new Error('malformed AccessDescription');
    }
  }
}

/** A CA needs a subject to be named by; an end certificate without one is named by a critical subjectAltName (§4.2.1.6). */
function subjectProblem(cert: CertificateFields, role: Role): PathProblem | null {
  if (cert.subject.rdns.length > 0) return null;
  if (role !== 'end') return 'empty-subject';
  const altNamed = cert.extensions.has(EXTENSION_OID.subjectAltName) && cert.criticalExtensions.has(EXTENSION_OID.subjectAltName);
  return altNamed ? null : 'empty-subject';
}

/**
 * §4.2.1.1–2: every certificate but a self-signed one names its issuer's key, and every CA names its own,
 * so path building can match them. A trust anchor is trusted for its key, so whoever issued it need not be
 * named; a self-signed certificate that carries an authorityKeyIdentifier must name itself by key alone.
 */
function keyIdentifierProblem(cert: CertificateFields, role: Role, selfSigned: boolean): PathProblem | null {
  const own = subjectKeyIdentifierOf(cert.extensions);
  if (role !== 'end' && own === null) return 'key-identifier';
  const authority = authorityKeyIdentifierOf(cert.extensions);
  if (!selfSigned) return role === 'anchor' || authority?.keyIdentifier ? null : 'key-identifier';
  if (authority === null) return null;
  const namesItself = authority.keyIdentifier !== null && own !== null && Buffer.from(authority.keyIdentifier).equals(own);
  return namesItself && !authority.namesIssuer ? null : 'key-identifier';
}

/** A document is signed by an end entity: not a CA, not one that may sign certificates or constrain names. */
function endEntityProblem(cert: CertificateFields): PathProblem | null {
  if (basicConstraintsOf(cert.extensions)?.ca === true) return 'end-entity-is-ca';
  if (keyUsageOf(cert.extensions)?.includes('keyCertSign') === true) return 'end-entity-is-ca';
  return cert.extensions.has(EXTENSION_OID.nameConstraints) ? 'bad-extension' : null;
}

/** §4.2.1.9: a CA asserts cA in a critical basicConstraints; §4.2.1.3: with keyUsage, keyCertSign. */
function caProblem(cert: CertificateFields): PathProblem | null {
  const constraints = basicConstraintsOf(cert.extensions);
  if (constraints === null || !constraints.ca) return 'issuer-not-ca';
  if (!cert.criticalExtensions.has(EXTENSION_OID.basicConstraints)) return 'bad-extension';
  const usage = keyUsageOf(cert.extensions);
  return usage !== null && !usage.includes('keyCertSign') ? 'issuer-key-usage' : null;
}
