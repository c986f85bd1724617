import type { PdfDocument } from './document.ts';
import { asArray, asDict, dict, name, PdfStream, type PdfValue } from './objects.ts';
import { IncrementalUpdate } from './update.ts';

/** What a validator needs years later without the network: the certificates and the revocation data (DER). */
export interface ValidationData {
  certificates: readonly Uint8Array[];
  crls: readonly Uint8Array[];
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
  const dss = dict({ Type: name('DSS'), Certs: streams('Certs', data.certificates), CRLs: streams('CRLs', data.crls) });
  update.set(document.catalogRef, document.catalog.clone().set('DSS', update.add(dss)));
  return update.build();
}

/** The DSS as the document's latest revision has it: every certificate and CRL stream, decoded. */
export function readDss(document: PdfDocument): ValidationData | null {
  const dss = asDict(document.resolve(document.catalog.get('DSS')));
  if (dss === undefined) return null;
  const streams = (key: string): Uint8Array[] =>
    (asArray(dss.get(key)) ?? []).flatMap((entry) => {
      const stream = document.resolve(entry);
      return stream instanceof PdfStream ? [document.decodedStreamData(stream)] : [];
    });
  return { certificates: streams('Certs'), crls: streams('CRLs') };
}
