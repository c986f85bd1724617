import { childrenOf, DER_TAG, readOid, whole, type DerHeader } from '../der/index.ts';

/** One AttributeTypeAndValue of a Name: its type's short name (or dotted OID) and its value as text. */
export interface NameAttribute {
  type: string;
  value: string;
}

/** A Name read from DER: its RDNs in order, each a set of attributes, and the text form users see. */
export interface ParsedName {
  rdns: readonly (readonly NameAttribute[])[];
  /** RFC 4514-style, in certificate order, exactly as @peculiar/x509 writes it (stored approver entries hold this text). */
  text: string;
  /** The Name's own encoding: names chain by these bytes (RFC 5280 §7.1 binary comparison). */
  der: Uint8Array;
}

const SHORT_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'E',
  '2.5.4.42': 'G',
  '2.5.4.43': 'I',
  '2.5.4.4': 'SN',
  '2.5.4.12': 'T',
};

const STRING_TAGS = { utf8: 0x0c, printable: 0x13, teletex: 0x14, ia5: 0x16, universal: 0x1c, bmp: 0x1e } as const;

/** Name ::= SEQUENCE OF RelativeDistinguishedName ::= SET OF AttributeTypeAndValue { type OID, value ANY }. */
export function readName(der: Uint8Array, name: DerHeader): ParsedName {
  const rdns = (childrenOf(der, name, DER_TAG.sequence) ?? fail()).map((rdn) =>
    (childrenOf(der, rdn, DER_TAG.set) ?? fail()).map((attribute) => {
      const [type, value] = childrenOf(der, attribute, DER_TAG.sequence) ?? fail();
      if (type === undefined || value === undefined) fail();
      const oid = readOid(der, type);
      return { type: SHORT_NAMES[oid] ?? oid, text: attributeText(der, value) };
    }),
  );
  return {
    rdns: rdns.map((rdn) => rdn.map(({ type, text }) => ({ type, value: text.value }))),
    text: rdns.map((rdn) => rdn.map(({ type, text }) => `${type}=${text.escaped}`).join('+')).join(', '),
    der: whole(der, name),
  };
}

/** The values of every attribute of `type` (a short name such as CN), in order. */
export function nameField(name: ParsedName, type: string): string[] {
  return name.rdns.flatMap((rdn) => rdn.filter((attribute) => attribute.type === type).map((attribute) => attribute.value));
}

/** Every attribute value of a name, whatever its type: where IDs, phones and credit codes hide. */
export function nameValues(name: ParsedName): string[] {
  return name.rdns.flatMap((rdn) => rdn.map((attribute) => attribute.value));
}

/** A value of a string type is its text; any other is `#` and the hex of its whole encoding (RFC 4514 §2.4). */
function attributeText(der: Uint8Array, value: DerHeader): { value: string; escaped: string } {
  const text = decodeString(der.subarray(value.start, value.start + value.length), value.tag);
  if (text !== undefined) return { value: text, escaped: escape(text) };
  const hex = `#${Buffer.from(whole(der, value)).toString('hex')}`;
  return { value: hex, escaped: hex };
}

function decodeString(content: Uint8Array, tag: number): string | undefined {
  const bytes = Buffer.from(content);
  switch (tag) {
    case STRING_TAGS.utf8:
      return bytes.toString('utf8');
    case STRING_TAGS.printable:
    case STRING_TAGS.teletex:
    case STRING_TAGS.ia5:
      return bytes.toString('latin1');
    case STRING_TAGS.bmp:
      return Buffer.from(bytes).swap16().toString('utf16le');
    case STRING_TAGS.universal:
      return Array.from({ length: bytes.length / 4 }, (_, i) => String.fromCodePoint(bytes.readUInt32BE(i * 4))).join('');
    default:
      return undefined;
  }
}

/** @peculiar/x509's escaping, quirks included (only the first control character is hex-escaped), so the text is unchanged. */
function escape(value: string): string {
  return value
    .replace(/([,+"\\<>;])/g, '\\$1')
    .replace(/^([ #])/, '\\$1')
    .replace(/([ ]$)/, '\\$1')
    .replace(/([\r\n\t])/, (char) => `\\${Buffer.from(char, 'utf8').toString('hex').toUpperCase()}`);
}

function fail(): never {
  throw new Error('not a DER Name');
}
