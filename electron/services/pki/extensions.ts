import { AppError } from '../../../shared/errors.ts';
import { childrenOf, DER_TAG, readDerHeader, readOid } from '../der/index.ts';

const EXTENSION_OID = {
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  certificatePolicies: '2.5.29.32',
  extendedKeyUsage: '2.5.29.37',
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

/** ExtKeyUsageSyntax ::= SEQUENCE OF KeyPurposeId */
export function extendedKeyUsageOids(extensions: ExtensionValues): string[] {
  const oids = readExtension(extensions, EXTENSION_OID.extendedKeyUsage, (value) =>
    sequenceOf(value).map((purpose) => readOid(value, purpose)),
  );
  return oids ?? [];
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

function sequenceOf(value: Uint8Array) {
  const items = childrenOf(value, readDerHeader(value, 0), DER_TAG.sequence);
  if (items === undefined) throw new Error('not a DER SEQUENCE');
  return items;
}
