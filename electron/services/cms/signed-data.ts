import * as pkijs from 'pkijs';
import { AppError } from '../../../shared/errors.ts';
import { KeptResults } from '../platform/index.ts';
import { sha256Hex } from '../pki/index.ts';
import { DER_TAG, derValue, readDerHeader, type DerHeader } from './der.ts';
import { CMS_OID } from './oids.ts';

/** A SignedData, with the certificates it carries as the DER they were carried in. */
export interface ParsedSignedData {
  signedData: pkijs.SignedData;
  certificates: Uint8Array[];
}

/**
 * pkijs would parse and re-encode every certificate a signature carries, each time, and a batch
 * carries the same approver's and CA's certificates in every document: they are cut out of the DER
 * first, pkijs reads the rest, and each certificate is parsed once (parsedCertificate). BER with
 * indefinite lengths, which the cut does not follow, is parsed whole.
 */
export function parseSignedData(der: Uint8Array): ParsedSignedData {
  try {
    const cut = withoutCertificates(der);
    const contentInfo = pkijs.ContentInfo.fromBER(new Uint8Array(cut?.rest ?? der));
    if (contentInfo.contentType !== CMS_OID.signedData) throw new Error('not SignedData');
    const signedData = new pkijs.SignedData({ schema: contentInfo.content });
    return { signedData, certificates: cut?.certificates ?? carriedCertificates(signedData) };
  } catch (error) {
    throw new AppError('SIGNATURE_INVALID', { reason: 'malformed CMS' }, { cause: error });
  }
}

const parsedCertificates = new KeptResults<string, pkijs.Certificate>(64);

export function parsedCertificate(der: Uint8Array): pkijs.Certificate {
  return parsedCertificates.get(sha256Hex(der), () => pkijs.Certificate.fromBER(new Uint8Array(der)));
}

/** ContentInfo { type, [0] SignedData { version, digestAlgorithms, encapContentInfo, [0] certificates?, … } } */
function signedDataFields(der: Uint8Array): { type: DerHeader; fields: DerHeader[] } | undefined {
  const [type, explicit] = childrenOf(der, readDerHeader(der, 0), DER_TAG.sequence) ?? [];
  const [signedData] = childrenOf(der, explicit, DER_TAG.contextConstructed0) ?? [];
  const fields = childrenOf(der, signedData, DER_TAG.sequence);
  return type === undefined || fields === undefined ? undefined : { type, fields };
}

function contentInfo(der: Uint8Array, type: DerHeader, fields: readonly Uint8Array[]): Buffer {
  return derValue(DER_TAG.sequence, whole(der, type), derValue(DER_TAG.contextConstructed0, derValue(DER_TAG.sequence, ...fields)));
}

function withoutCertificates(der: Uint8Array): { rest: Uint8Array; certificates: Uint8Array[] } | undefined {
  const found = signedDataFields(der);
  if (found === undefined) return undefined;
  const set = found.fields.find((field) => field.tag === DER_TAG.contextConstructed0);
  if (set === undefined) return { rest: der, certificates: [] };
  const carried = childrenOf(der, set, DER_TAG.contextConstructed0);
  if (carried === undefined) return undefined;
  const others = found.fields.filter((field) => field !== set).map((field) => whole(der, field));
  return {
    rest: contentInfo(der, found.type, others),
    certificates: carried.filter((c) => c.tag === DER_TAG.sequence).map((c) => whole(der, c)),
  };
}

/**
 * A SignedData made without certificates, given them as the DER they are held in: pkijs would parse
 * and re-encode each one for every signature.
 */
export function withCertificates(der: Uint8Array, certificates: readonly Uint8Array[]): Uint8Array {
  const found = signedDataFields(der);
  const [version, digestAlgorithms, encapsulated, ...rest] = found?.fields.map((field) => whole(der, field)) ?? [];
  if (found === undefined || version === undefined || digestAlgorithms === undefined || encapsulated === undefined)
    throw new AppError('INTERNAL', { detail: 'not a SignedData' });
  const carried = derValue(DER_TAG.contextConstructed0, ...certificates);
  return contentInfo(der, found.type, [version, digestAlgorithms, encapsulated, carried, ...rest]);
}

function childrenOf(der: Uint8Array, parent: DerHeader | undefined, tag: number): DerHeader[] | undefined {
  if (parent?.tag !== tag) return undefined;
  const end = parent.start + parent.length;
  const children: DerHeader[] = [];
  for (let at = parent.start; at < end;) {
    const child = readDerHeader(der, at);
    if (child === undefined || child.start + child.length > end) return undefined;
    children.push(child);
    at = child.start + child.length;
  }
  return children;
}

function whole(der: Uint8Array, header: DerHeader): Uint8Array {
  return der.subarray(header.offset, header.start + header.length);
}

function carriedCertificates(signedData: pkijs.SignedData): Uint8Array[] {
  return (signedData.certificates ?? [])
    .filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
    .map((c) => new Uint8Array(c.toSchema().toBER()));
}
