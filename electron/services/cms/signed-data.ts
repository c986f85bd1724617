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

/** ContentInfo { type, [0] SignedData { …, [0] certificates, … } } rebuilt without the certificates. */
function withoutCertificates(der: Uint8Array): { rest: Uint8Array; certificates: Uint8Array[] } | undefined {
  const [type, explicit] = childrenOf(der, readDerHeader(der, 0), DER_TAG.sequence) ?? [];
  const [signedData] = childrenOf(der, explicit, DER_TAG.contextConstructed0) ?? [];
  const fields = childrenOf(der, signedData, DER_TAG.sequence);
  if (type === undefined || fields === undefined) return undefined;
  const set = fields.find((field) => field.tag === DER_TAG.contextConstructed0);
  if (set === undefined) return { rest: der, certificates: [] };
  const carried = childrenOf(der, set, DER_TAG.contextConstructed0);
  if (carried === undefined) return undefined;
  const others = fields.filter((field) => field !== set).map((field) => whole(der, field));
  return {
    rest: derValue(DER_TAG.sequence, whole(der, type), derValue(DER_TAG.contextConstructed0, derValue(DER_TAG.sequence, ...others))),
    certificates: carried.filter((c) => c.tag === DER_TAG.sequence).map((c) => whole(der, c)),
  };
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
