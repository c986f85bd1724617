import * as asn1js from 'asn1js';
import { AppError } from '../../../shared/errors.ts';
import { childrenOf, contentOf, DER_TAG, readDerHeader, readOid, whole, type DerHeader } from '../der/index.ts';
import type { IssuerAndSerial } from './issuer-serial.ts';
import { CMS_OID } from './oids.ts';

export interface SignerInfoFields {
  /** Null when the signer is named by subjectKeyIdentifier instead. */
  sid: IssuerAndSerial | null;
  digestAlgorithm: string;
  signatureAlgorithm: string;
  /** The signed attributes as the SET OF (tag 0x31) the signature covers, exactly as carried. */
  signedAttributes: Uint8Array | null;
  /** Each signed attribute's first value (whole DER), by type. */
  signed: ReadonlyMap<string, Uint8Array>;
  unsigned: ReadonlyMap<string, Uint8Array>;
  signature: Uint8Array;
}

/** A SignedData read without an object model: what a verifier needs, each part as the bytes it was carried in. */
export interface SignedDataFields {
  contentType: string;
  /** The encapsulated content (a TSA's TSTInfo), null when detached. */
  content: Uint8Array | null;
  certificates: Uint8Array[];
  signerInfos: SignerInfoFields[];
}

/**
 * Walks the DER directly: a batch reads an approval's signature in every document, and an ASN.1 object
 * model cost a fifth of each seal. BER with indefinite lengths (streamed signatures) is rewritten with
 * definite lengths first; the signed attributes inside are DER by rule, so their bytes stay as signed.
 */
export function readSignedData(der: Uint8Array): SignedDataFields {
  const fields = signedDataAt(der) ?? signedDataAt(definiteForm(der));
  if (fields === undefined) throw new AppError('SIGNATURE_INVALID', { reason: 'malformed CMS' });
  return fields;
}

function signedDataAt(der: Uint8Array | undefined): SignedDataFields | undefined {
  if (der === undefined) return undefined;
  try {
    const [type, explicit] = childrenOf(der, readDerHeader(der, 0), DER_TAG.sequence) ?? [];
    if (type === undefined || readOid(der, type) !== CMS_OID.signedData) return undefined;
    const [signedData] = childrenOf(der, explicit, DER_TAG.contextConstructed0) ?? [];
    const [, , encapsulated, ...rest] = childrenOf(der, signedData, DER_TAG.sequence) ?? [];
    const signerInfos = rest.at(-1);
    const carried = rest.find((field) => field.tag === DER_TAG.contextConstructed0);
    const [contentType, explicitContent] = childrenOf(der, encapsulated, DER_TAG.sequence) ?? [];
    const infos = childrenOf(der, signerInfos, DER_TAG.set)?.map((info) => signerInfoAt(der, info));
    if (contentType === undefined || infos === undefined || infos.includes(undefined)) return undefined;
    return {
      contentType: readOid(der, contentType),
      content: explicitContent === undefined ? null : octets(der, childrenOf(der, explicitContent, DER_TAG.contextConstructed0)?.[0]),
      certificates: (childrenOf(der, carried, DER_TAG.contextConstructed0) ?? [])
        .filter((c) => c.tag === DER_TAG.sequence)
        .map((c) => whole(der, c)),
      signerInfos: infos as SignerInfoFields[],
    };
  } catch {
    return undefined;
  }
}

/** SignerInfo { version, sid, digestAlgorithm, [0] signedAttrs?, signatureAlgorithm, signature, [1] unsignedAttrs? } */
function signerInfoAt(der: Uint8Array, info: DerHeader): SignerInfoFields | undefined {
  const [, sid, digestAlgorithm, ...rest] = childrenOf(der, info, DER_TAG.sequence) ?? [];
  const signedAttrs = rest[0]?.tag === DER_TAG.contextConstructed0 ? rest.shift() : undefined;
  const [signatureAlgorithm, signature, unsignedAttrs] = rest;
  if (sid === undefined || digestAlgorithm === undefined || signatureAlgorithm === undefined || signature?.tag !== DER_TAG.octetString)
    return undefined;
  const signedAttributes = signedAttrs === undefined ? null : new Uint8Array(whole(der, signedAttrs));
  if (signedAttributes !== null) signedAttributes[0] = DER_TAG.set;
  return {
    sid: issuerAndSerialAt(der, sid),
    digestAlgorithm: algorithmOid(der, digestAlgorithm),
    signatureAlgorithm: algorithmOid(der, signatureAlgorithm),
    signedAttributes,
    signed: attributesAt(der, signedAttrs, DER_TAG.contextConstructed0),
    unsigned: attributesAt(der, unsignedAttrs, DER_TAG.contextConstructed1),
    signature: contentOf(der, signature),
  };
}

function issuerAndSerialAt(der: Uint8Array, sid: DerHeader): IssuerAndSerial | null {
  const [issuer, serial] = childrenOf(der, sid, DER_TAG.sequence) ?? [];
  return issuer === undefined || serial === undefined ? null : { issuer: whole(der, issuer), serial: whole(der, serial) };
}

function algorithmOid(der: Uint8Array, identifier: DerHeader): string {
  const [oid] = childrenOf(der, identifier, DER_TAG.sequence) ?? [];
  if (oid === undefined) throw new Error('empty AlgorithmIdentifier');
  return readOid(der, oid);
}

/** Attribute { type, values SET OF } inside an implicitly tagged SET OF Attribute. */
function attributesAt(der: Uint8Array, set: DerHeader | undefined, tag: number): Map<string, Uint8Array> {
  const attributes = new Map<string, Uint8Array>();
  if (set === undefined) return attributes;
  for (const attribute of childrenOf(der, set, tag) ?? []) {
    const [type, values] = childrenOf(der, attribute, DER_TAG.sequence) ?? [];
    const [first] = childrenOf(der, values, DER_TAG.set) ?? [];
    if (type !== undefined && first !== undefined) attributes.set(readOid(der, type), whole(der, first));
  }
  return attributes;
}

/** An OCTET STRING's octets, primitive or (BER) constructed from primitive segments. */
function octets(der: Uint8Array, value: DerHeader | undefined): Uint8Array | null {
  if (value?.tag === DER_TAG.octetString) return contentOf(der, value);
  const segments = childrenOf(der, value, DER_TAG.octetString | 0x20);
  return segments === undefined ? null : Buffer.concat(segments.map((segment) => contentOf(der, segment)));
}

/** The same BER value with every length definite: what the walk above reads. */
function definiteForm(ber: Uint8Array): Uint8Array | undefined {
  const parsed = asn1js.fromBER(new Uint8Array(ber));
  if (parsed.offset === -1) return undefined;
  return new Uint8Array(withDefiniteLengths(parsed.result).toBER());
}

function withDefiniteLengths(block: asn1js.AsnType): asn1js.AsnType {
  block.lenBlock.isIndefiniteForm = false;
  const inner = block.valueBlock as { value?: unknown; isIndefiniteForm?: boolean };
  if (block.idBlock.isConstructed && Array.isArray(inner.value)) {
    inner.isIndefiniteForm = false;
    inner.value = (inner.value as asn1js.AsnType[]).filter((child) => !(child instanceof asn1js.EndOfContent)).map(withDefiniteLengths);
  }
  return block;
}
