import { AppError } from '../../../shared/errors.ts';
import { childrenOf, contentOf, DER_TAG, readDerHeader, readOid, type DerHeader } from '../der/index.ts';

export const EXTENSION_OID = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  authorityKeyIdentifier: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extendedKeyUsage: '2.5.29.37',
  freshestCrl: '2.5.29.46',
  inhibitAnyPolicy: '2.5.29.54',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  subjectInfoAccess: '1.3.6.1.5.5.7.1.11',
} as const;

/** KeyUsage bits in order (RFC 5280 §4.2.1.3): bit 0, the first octet's top bit, is digitalSignature. */
const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
] as const;

export type KeyUsage = (typeof KEY_USAGE_BITS)[number];

export type ExtensionValues = ReadonlyMap<string, Uint8Array>;

/** The key usages a certificate names; null when it has no keyUsage extension and so is not restricted by one. */
export function keyUsageOf(extensions: ExtensionValues): KeyUsage[] | null {
  return readExtension(extensions, EXTENSION_OID.keyUsage, (value) => {
    const header = readDerHeader(value, 0);
    if (header?.tag !== DER_TAG.bitString) throw new Error('keyUsage is not a BIT STRING');
    const bits = value.subarray(header.start + 1, header.start + header.length);
    return KEY_USAGE_BITS.filter((_, bit) => ((bits[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0);
  });
}

/** ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId */
export function extendedKeyUsageOids(extensions: ExtensionValues): string[] {
  return extendedKeyUsageOf(extensions) ?? [];
}

/** The extended key usages named, or null when the certificate has no such extension (and is not restricted by one). */
export function extendedKeyUsageOf(extensions: ExtensionValues): string[] | null {
  return readExtension(extensions, EXTENSION_OID.extendedKeyUsage, (value) =>
    nonEmptySequenceOf(value).map((purpose) => readOid(value, purpose)),
  );
}

/** SubjectKeyIdentifier ::= KeyIdentifier (OCTET STRING); null when absent. */
export function subjectKeyIdentifierOf(extensions: ExtensionValues): Uint8Array | null {
  return readExtension(extensions, EXTENSION_OID.subjectKeyIdentifier, (value) => {
    const header = readDerHeader(value, 0);
    if (header?.tag !== DER_TAG.octetString || header.length === 0 || header.start + header.length !== value.length) {
      throw new Error('SubjectKeyIdentifier is not an OCTET STRING');
    }
    return contentOf(value, header);
  });
}

export interface AuthorityKeyIdentifier {
  keyIdentifier: Uint8Array | null;
  /** authorityCertIssuer and authorityCertSerialNumber, which RFC 5280 §4.2.1.1 allows only together. */
  namesIssuer: boolean;
}

/** AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0]?, authorityCertIssuer [1]?, authorityCertSerialNumber [2]? } */
export function authorityKeyIdentifierOf(extensions: ExtensionValues): AuthorityKeyIdentifier | null {
  return readExtension(extensions, EXTENSION_OID.authorityKeyIdentifier, (value) => {
    const fields = sequenceOf(value);
    const keyIdentifier = fields.find((field) => field.tag === DER_TAG.contextPrimitive0);
    const issuer = fields.some((field) => field.tag === DER_TAG.contextConstructed1);
    const serial = fields.some((field) => field.tag === AKI_SERIAL_TAG);
    if (issuer !== serial) throw new Error('authorityCertIssuer and authorityCertSerialNumber come together');
    return { keyIdentifier: keyIdentifier === undefined ? null : contentOf(value, keyIdentifier), namesIssuer: issuer };
  });
}

const AKI_SERIAL_TAG = 0x82;

/** GeneralName's CHOICE, by its context tag number (RFC 5280 §4.2.1.6). */
export const GENERAL_NAME = {
  otherName: 0,
  rfc822Name: 1,
  dNSName: 2,
  x400Address: 3,
  directoryName: 4,
  ediPartyName: 5,
  uniformResourceIdentifier: 6,
  iPAddress: 7,
  registeredID: 8,
} as const;

export interface GeneralName {
  form: number;
  /** The content octets: the text of a string form, the address octets of an IP, the Name's whole encoding for a directoryName. */
  value: Uint8Array;
}

/** SubjectAltName ::= GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName; null when absent. */
export function subjectAltNamesOf(extensions: ExtensionValues): GeneralName[] | null {
  return readExtension(extensions, EXTENSION_OID.subjectAltName, (value) =>
    nonEmptySequenceOf(value).map((name) => generalName(value, name)),
  );
}

export interface NameConstraints {
  permitted: GeneralName[] | null;
  excluded: GeneralName[];
}

/**
 * NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees?, excludedSubtrees [1] GeneralSubtrees? },
 * GeneralSubtree ::= SEQUENCE { base GeneralName, minimum [0] DEFAULT 0, maximum [1]? }. RFC 5280 §4.2.1.10: at
 * least one of the two, neither empty, and minimum 0 with no maximum.
 */
export function nameConstraintsOf(extensions: ExtensionValues): NameConstraints | null {
  return readExtension(extensions, EXTENSION_OID.nameConstraints, (value) => {
    const fields = sequenceOf(value);
    const subtrees = (tag: number) => {
      const field = fields.find((candidate) => candidate.tag === tag);
      return field === undefined ? null : subtreeBases(value, field);
    };
    const permitted = subtrees(DER_TAG.contextConstructed0);
    const excluded = subtrees(DER_TAG.contextConstructed1);
    if (permitted === null && excluded === null) throw new Error('NameConstraints without subtrees');
    return { permitted, excluded: excluded ?? [] };
  });
}

function subtreeBases(value: Uint8Array, field: DerHeader): GeneralName[] {
  const subtrees = childrenOf(value, field, field.tag);
  if (subtrees === undefined || subtrees.length === 0) throw new Error('empty GeneralSubtrees');
  return subtrees.map((subtree) => {
    const [base, ...bounds] = childrenOf(value, subtree, DER_TAG.sequence) ?? [];
    if (base === undefined || bounds.length > 0) throw new Error('GeneralSubtree with bounds');
    return generalName(value, base);
  });
}

function generalName(value: Uint8Array, name: DerHeader): GeneralName {
  if ((name.tag & 0xc0) !== 0x80) throw new Error('not a GeneralName');
  if (name.start + name.length > value.length) throw new Error('truncated GeneralName');
  return { form: name.tag & 0x1f, value: contentOf(value, name) };
}

/** certificatePolicies ::= SEQUENCE OF PolicyInformation { policyIdentifier, policyQualifiers? } */
export function policyOids(extensions: ExtensionValues): string[] {
  const oids = readExtension(extensions, EXTENSION_OID.certificatePolicies, (value) =>
    sequenceOf(value).map((information) => {
      const [identifier] = childrenOf(value, information, DER_TAG.sequence) ?? [];
      if (identifier === undefined) throw new Error('PolicyInformation without an identifier');
      return readOid(value, identifier);
    }),
  );
  return oids ?? [];
}

/** BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER? }; null when absent. */
export function basicConstraintsOf(extensions: ExtensionValues): { ca: boolean; pathLength: number | null } | null {
  return readExtension(extensions, EXTENSION_OID.basicConstraints, (value) => {
    const fields = sequenceOf(value);
    const ca = fields[0]?.tag === DER_TAG.boolean && value[fields[0].start] !== 0;
    const pathLength = fields.find((field) => field.tag === DER_TAG.integer);
    return {
      ca,
      pathLength: pathLength === undefined ? null : unsigned(value.subarray(pathLength.start, pathLength.start + pathLength.length)),
    };
  });
}

/** One extension's reading, null when absent; a malformed value is a broken certificate like any other. */
function readExtension<T>(extensions: ExtensionValues, oid: string, read: (value: Uint8Array) => T): T | null {
  const value = extensions.get(oid);
  if (value === undefined) return null;
  try {
    return read(value);
  } catch (error) {
    throw new AppError('CERT_PARSE_FAILED', { extension: oid }, { cause: error });
  }
}

function unsigned(octets: Uint8Array): number {
  return octets.reduce((sum, octet) => sum * 256 + octet, 0);
}

/** The items of the SEQUENCE that is the whole of `value` (nothing may trail it). */
export function sequenceOf(value: Uint8Array): DerHeader[] {
  const header = readDerHeader(value, 0);
  const items = childrenOf(value, header, DER_TAG.sequence);
  if (header === undefined || items === undefined || header.start + header.length !== value.length) throw new Error('not a DER SEQUENCE');
  return items;
}

function nonEmptySequenceOf(value: Uint8Array): DerHeader[] {
  const items = sequenceOf(value);
  if (items.length === 0) throw new Error('SEQUENCE SIZE (1..MAX) is empty');
  return items;
}
