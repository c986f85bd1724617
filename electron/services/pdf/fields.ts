import { sliceOwner } from './object-change.ts';
import type { PdfDocument } from './document.ts';
import { asArray, asDict, asNumber, isName, PdfRef, PdfString, type PdfDict, type PdfValue } from './objects.ts';
import { pageIndexByRef } from './pages.ts';

/** A signature proper, or a document time-stamp (ISO 32000-2 §12.8.5): an RFC 3161 token over the bytes its /ByteRange covers. */
export type SignatureKind = 'signature' | 'document-timestamp';

export function signatureKind(signature: PdfDict): SignatureKind {
  return isName(signature.get('SubFilter'), 'ETSI.RFC3161') ? 'document-timestamp' : 'signature';
}

export interface SignatureWidget {
  pageIndex: number | null;
  rect: [number, number, number, number];
}

/** A signature field nobody has signed yet (made by a form designer, Acrobat or mutool), with its one widget. */
export interface EmptySignatureField {
  name: string;
  ref: PdfRef;
  dict: PdfDict;
  /** The field itself when field and widget are merged (the usual case), else its only kid. */
  widgetRef: PdfRef;
  widget: SignatureWidget;
}

/** A signature field as the newest revision describes it. */
export interface SignatureFieldInfo {
  name: string;
  signatureRef: PdfRef | null;
  signature: PdfDict;
  widgets: SignatureWidget[];
  locksDocument: boolean;
}

const MAX_FIELD_DEPTH = 32;

/**
 * Signed signature fields, in the order the AcroForm lists them, then those only earlier revisions'
 * forms list: an update that swaps the catalog or drops a field must not make a signature vanish.
 */
export function signatureFields(document: PdfDocument): SignatureFieldInfo[] {
  const pageIndex = pageIndexByRef(document);
  const found: SignatureFieldInfo[] = [];
  walkTerminalFields(document, formFieldsByRevision(document), ({ field, type, name }) => {
    const signatureValue = field.get('V');
    const signature = asDict(document.resolve(signatureValue));
    if (!isName(type, 'Sig') || signature === undefined) return;
    // A field listed inline by several revisions is one signature.
    if (signatureValue instanceof PdfRef && found.some((earlier) => earlier.signatureRef?.key === signatureValue.key)) return;
    found.push({
      name,
      signatureRef: signatureValue instanceof PdfRef ? signatureValue : null,
      signature,
      widgets: widgetsOf(document, field, pageIndex),
      locksDocument: fieldLocksAll(document, field),
    });
  });
  const slices = sliceWidgets(document, pageIndex);
  for (const field of found) field.widgets.push(...(slices.get(field.name) ?? []));
  return found;
}

/**
 * Unsigned signature fields of the current form with exactly one widget on a page: what a signature can
 * go into without adding a widget of its own.
 */
export function emptySignatureFields(document: PdfDocument): EmptySignatureField[] {
  const pageIndex = pageIndexByRef(document);
  const found: EmptySignatureField[] = [];
  const acroForm = asDict(document.resolve(document.catalog.get('AcroForm')));
  walkTerminalFields(document, asArray(document.resolve(acroForm?.get('Fields'))) ?? [], ({ value, field, type, name }) => {
    const kids = asArray(document.resolve(field.get('Kids'))) ?? [];
    if (!isName(type, 'Sig') || field.get('V') !== undefined || !(value instanceof PdfRef) || kids.length > 1) return;
    const widgetRef = kids.length === 1 ? kids[0] : value;
    const [widget] = widgetsOf(document, field, pageIndex);
    if (!(widgetRef instanceof PdfRef) || widget === undefined || widget.rect[2] <= widget.rect[0] || widget.rect[3] <= widget.rect[1])
      return;
    // Form designers may leave out the widget's /P; the page listing it among its annotations is the one.
    const onPage = widget.pageIndex ?? pageListing(document, pageIndex, widgetRef);
    if (onPage !== null) found.push({ name, ref: value, dict: field, widgetRef, widget: { ...widget, pageIndex: onPage } });
  });
  return found;
}

interface TerminalField {
  value: PdfValue;
  field: PdfDict;
  /** /FT, inherited from the parents. */
  type: PdfValue | undefined;
  /** The fully qualified name (parent.child). */
  name: string;
}

/** Calls `visit` for every terminal field under `roots`: kids with a /T are fields, others are widgets. */
function walkTerminalFields(document: PdfDocument, roots: readonly PdfValue[], visit: (terminal: TerminalField) => void): void {
  const walk = (value: PdfValue, inheritedType: PdfValue | undefined, parentName: string, depth: number): void => {
    const field = asDict(document.resolve(value));
    if (field === undefined || depth > MAX_FIELD_DEPTH) return;
    const type = field.get('FT') ?? inheritedType;
    const title = field.get('T');
    const name = title instanceof PdfString ? (parentName ? `${parentName}.${title.toText()}` : title.toText()) : parentName;
    const kids = (asArray(document.resolve(field.get('Kids'))) ?? []).filter(
      (kid) => asDict(document.resolve(kid))?.get('T') !== undefined,
    );
    if (kids.length > 0) for (const kid of kids) walk(kid, type, name, depth + 1);
    else visit({ value, field, type, name });
  };
  for (const root of roots) walk(root, undefined, '', 0);
}

/** The page whose /Annots lists `annotation`. */
function pageListing(document: PdfDocument, pageIndex: Map<number, number>, annotation: PdfRef): number | null {
  for (const [pageNum, index] of pageIndex) {
    const annots = asArray(document.resolve(asDict(document.resolve(new PdfRef(pageNum, 0)))?.get('Annots'))) ?? [];
    if (annots.some((a) => a instanceof PdfRef && a.key === annotation.key)) return index;
  }
  return null;
}

/** The form's top-level fields as each revision, newest first, listed them; the same field once. */
function formFieldsByRevision(document: PdfDocument): PdfValue[] {
  const fields = new Map<string, PdfValue>();
  document.sections.forEach((section, index) => {
    const asOf = (value: PdfValue | undefined): PdfValue | undefined =>
      value instanceof PdfRef ? document.resolveAsOf(value, index) : value;
    const acroForm = asDict(asOf(asDict(asOf(section.trailer.get('Root')))?.get('AcroForm')));
    for (const field of asArray(asOf(acroForm?.get('Fields'))) ?? []) {
      const key = field instanceof PdfRef ? field.key : `${index}:${fields.size}`;
      if (!fields.has(key)) fields.set(key, field);
    }
  });
  return [...fields.values()];
}

function widgetsOf(document: PdfDocument, field: PdfDict, pageIndex: Map<number, number>): SignatureWidget[] {
  const kids = asArray(document.resolve(field.get('Kids')));
  const widgets = kids === undefined ? [field] : kids.map((kid) => asDict(document.resolve(kid))).filter((kid) => kid !== undefined);
  return widgets.map((widget) => {
    const page = widget.get('P');
    const rect = (asArray(document.resolve(widget.get('Rect'))) ?? []).map((v) => asNumber(document.resolve(v)) ?? 0);
    const [a = 0, b = 0, c = 0, d = 0] = rect;
    return {
      pageIndex: page instanceof PdfRef ? (pageIndex.get(page.num) ?? null) : null,
      rect: [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)],
    };
  });
}

/** A field lock with /Action /All (PDF 2.0 adds /P 1: no changes at all) makes this the final signature. */
function fieldLocksAll(document: PdfDocument, field: PdfDict): boolean {
  const lock = asDict(document.resolve(field.get('Lock')));
  return lock !== undefined && isName(lock.get('Action'), 'All');
}

/** 骑缝章 slices on every page, by the signature field they belong to. */
function sliceWidgets(document: PdfDocument, pageIndex: Map<number, number>): Map<string, SignatureWidget[]> {
  const slices = new Map<string, SignatureWidget[]>();
  for (const [pageNum, index] of pageIndex) {
    const page = asDict(document.resolve(new PdfRef(pageNum, 0)));
    for (const annotation of asArray(document.resolve(page?.get('Annots'))) ?? []) {
      const dict = asDict(document.resolve(annotation));
      const owner = dict === undefined ? null : sliceOwner(dict);
      if (dict === undefined || owner === null) continue;
      const [a = 0, b = 0, c = 0, d = 0] = (asArray(document.resolve(dict.get('Rect'))) ?? []).map((v) => asNumber(v) ?? 0);
      slices.set(owner, [
        ...(slices.get(owner) ?? []),
        { pageIndex: index, rect: [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)] },
      ]);
    }
  }
  return slices;
}
