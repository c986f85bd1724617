import type { PdfDocument } from './document.ts';
import { asArray, asDict, dict, isName, name, PdfRef, PdfStream, type PdfDict, type PdfValue } from './objects.ts';
import { IncrementalUpdate } from './update.ts';

/** What a validator needs years later without the network: the certificates and the revocation data (DER). */
export interface ValidationData {
  certificates: readonly Uint8Array[];
  crls: readonly Uint8Array[];
  /** OCSP responses (RFC 6960 OCSPResponse), as LTV tools add them. */
  ocsps: readonly Uint8Array[];
}

/**
 * The Document Security Store (PAdES B-LT, ISO 32000-2 §12.8.4.3) as an incremental update: the
 * entries already there are kept and the new ones added as streams, so earlier signatures stay valid.
 */
export function dssUpdate(document: PdfDocument, data: ValidationData): Buffer {
  const update = new IncrementalUpdate(document);
  const existing = asDict(document.resolve(document.catalog.get('DSS')));
  const streams = (key: string, added: readonly Uint8Array[]): PdfValue[] => [
    ...(asArray(existing?.get(key)) ?? []),
    ...added.map((der) => update.add(new PdfStream(dict({}), { data: der }))),
  ];
  const dss = dict({
    Type: name('DSS'),
    Certs: streams('Certs', data.certificates),
    CRLs: streams('CRLs', data.crls),
    OCSPs: streams('OCSPs', data.ocsps),
  });
  update.set(document.catalogRef, document.catalog.clone().set('DSS', update.add(dss)));
  return update.build();
}

/** The DSS as the document's latest revision has it: every certificate, CRL and OCSP response stream, decoded. */
export function readDss(document: PdfDocument): ValidationData | null {
  const dss = asDict(document.resolve(document.catalog.get('DSS')));
  if (dss === undefined) return null;
  const streams = (key: string): Uint8Array[] =>
    (asArray(dss.get(key)) ?? []).flatMap((entry) => {
      const stream = document.resolve(entry);
      return stream instanceof PdfStream ? [document.decodedStreamData(stream)] : [];
    });
  return { certificates: streams('Certs'), crls: streams('CRLs'), ocsps: streams('OCSPs') };
}

const DSS_KEYS = new Set(['Type', 'Certs', 'CRLs', 'OCSPs', 'VRI']);
const VRI_KEYS = new Set(['Type', 'Cert', 'CRL', 'OCSP', 'TU', 'TS']);
/** A VRI entry's key: the SHA-1 of the signature's /Contents, in hex (ISO 32000-2 §12.8.4.4). */
const VRI_KEY = /^[0-9A-Fa-f]{40}$/;

/**
 * The objects that make up the DSS of the catalog `root` as revision `sectionIndex` (newest 0) has it: the DSS itself, its map
 * of VRI entries and each entry, when they are objects of their own. LTV tools update these in place.
 */
export function dssObjectsAsOf(document: PdfDocument, root: PdfValue | undefined, sectionIndex: number): Set<number> {
  const nums = new Set<number>();
  const follow = (value: PdfValue | undefined): PdfDict | undefined => {
    if (!(value instanceof PdfRef)) return asDict(value);
    nums.add(value.num);
    return asDict(document.resolveAsOf(value, sectionIndex));
  };
  const catalog = root instanceof PdfRef ? asDict(document.resolveAsOf(root, sectionIndex)) : undefined;
  const vri = follow(follow(catalog?.get('DSS'))?.get('VRI'));
  for (const entry of vri?.entries.values() ?? []) follow(entry);
  return nums;
}

/**
 * Whether a dictionary holds validation data and nothing else: a DSS, a VRI entry, or the map of VRI
 * entries. Only the keys these have are allowed, so that no page, annotation or action passes for one.
 */
export function isValidationData(document: PdfDocument, value: PdfDict): boolean {
  const keys = [...value.entries.keys()];
  const only = (allowed: ReadonlySet<string>, type: string): boolean =>
    keys.every((key) => allowed.has(key)) && (value.get('Type') === undefined || isName(value.get('Type'), type));
  if (only(DSS_KEYS, 'DSS') || only(VRI_KEYS, 'VRI')) return true;
  return [...value.entries].every(([key, entry]) => {
    const vri = asDict(document.resolve(entry));
    return VRI_KEY.test(key) && vri !== undefined && [...vri.entries.keys()].every((k) => VRI_KEYS.has(k));
  });
}
