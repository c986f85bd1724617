import type { PdfDocument } from './document.ts';
import { asArray, asDict, isName, PdfDict, PdfRef, PdfStream, PdfString, type PdfValue } from './objects.ts';
import { SLICE_PREFIX } from './signature-field.ts';
import { formatValue } from './serialize.ts';

/**
 * What a later revision did to an object that existed before it. Adding signatures and validation
 * data is what PAdES expects after a signature; anything else is a modification of the document.
 */
export type ChangeKind = 'signature-added' | 'validation-data-added' | 'modified';

export interface Change {
  kind: ChangeKind;
  object: number;
  /** A stable code the UI turns into words: page-content, annotation, catalog, form, object-deleted, other. */
  what: string;
  page: number | null;
}

const CATALOG_BENIGN = new Set(['AcroForm', 'DSS', 'Extensions']);
const ACROFORM_BENIGN = new Set(['Fields', 'SigFlags', 'DR', 'DA']);

/** Every change made by the revisions that start at or after `signedEnd` (the end of a signed revision). */
export function changesAfter(document: PdfDocument, signedEnd: number): Change[] {
  const changes: Change[] = [];
  document.sections.forEach((section, index) => {
    if (section.offset < signedEnd) return;
    const signedHere = signatureFieldsAddedIn(document, section.entries.keys(), index);
    for (const [num, entry] of section.entries) {
      if (num === 0) continue;
      const ref = new PdfRef(num, entry.kind === 'offset' ? entry.gen : 0);
      const before = document.resolveAsOf(ref, index + 1);
      if (before === undefined || before === null) continue; // new objects matter only once something existing points at them
      const after = entry.kind === 'free' ? null : document.resolveAsOf(ref, index);
      const change = classify(document, num, before, after, signedHere);
      if (change !== undefined) changes.push(change);
    }
  });
  return changes;
}

function classify(
  document: PdfDocument,
  num: number,
  before: PdfValue,
  after: PdfValue | undefined,
  signedHere: ReadonlySet<string>,
): Change | undefined {
  const modified = (what: string, page: number | null = null): Change => ({ kind: 'modified', object: num, what, page });
  if (after === null || after === undefined) return modified('object-deleted');
  if (sameValue(document, before, after)) return undefined;
  if (after instanceof PdfStream && (isName(after.dict.get('Type'), 'XRef') || isName(after.dict.get('Type'), 'ObjStm'))) return undefined;
  const oldDict = asDict(before);
  const newDict = asDict(after);
  if (num === document.catalogRef.num && oldDict && newDict) return catalogChange(document, num, oldDict, newDict);
  if (oldDict && newDict && isName(oldDict.get('Type'), 'Page')) {
    return onlyKeysDiffer(document, oldDict, newDict, new Set(['Annots'])) &&
      onlyAddsSignatureWidgets(document, oldDict.get('Annots'), newDict.get('Annots'), signedHere)
      ? { kind: 'signature-added', object: num, what: 'annotation', page: null }
      : modified(onlyKeysDiffer(document, oldDict, newDict, new Set(['Annots'])) ? 'annotation' : 'page-content');
  }
  if (oldDict && newDict && oldDict.get('Fields') !== undefined) {
    return onlyKeysDiffer(document, oldDict, newDict, ACROFORM_BENIGN) &&
      onlyAddsSignatureWidgets(document, oldDict.get('Fields'), newDict.get('Fields'), signedHere)
      ? { kind: 'signature-added', object: num, what: 'form', page: null }
      : modified('form');
  }
  if (Array.isArray(before) && Array.isArray(after) && onlyAddsSignatureWidgets(document, before, after, signedHere)) {
    return { kind: 'signature-added', object: num, what: 'annotation', page: null };
  }
  return modified(before instanceof PdfStream ? 'page-content' : 'other');
}

function catalogChange(document: PdfDocument, num: number, before: PdfDict, after: PdfDict): Change {
  if (!onlyKeysDiffer(document, before, after, CATALOG_BENIGN)) return { kind: 'modified', object: num, what: 'catalog', page: null };
  const dssChanged = !sameValue(document, before.get('DSS') ?? null, after.get('DSS') ?? null);
  return { kind: dssChanged ? 'validation-data-added' : 'signature-added', object: num, what: 'catalog', page: null };
}

function onlyKeysDiffer(document: PdfDocument, before: PdfDict, after: PdfDict, allowed: ReadonlySet<string>): boolean {
  const keys = new Set([...before.entries.keys(), ...after.entries.keys()]);
  return [...keys].every((key) => allowed.has(key) || sameValue(document, before.get(key) ?? null, after.get(key) ?? null));
}

/** The new array keeps every old entry and adds only signature fields or their widgets. */
function onlyAddsSignatureWidgets(
  document: PdfDocument,
  before: PdfValue | undefined,
  after: PdfValue | undefined,
  signedHere: ReadonlySet<string>,
): boolean {
  const oldItems = asArray(document.resolve(before)) ?? [];
  const newItems = asArray(document.resolve(after)) ?? [];
  const key = (v: PdfValue): string => (v instanceof PdfRef ? v.key : formatValue(v));
  const newKeys = new Set(newItems.map(key));
  if (!oldItems.every((item) => newKeys.has(key(item)))) return false;
  const oldKeys = new Set(oldItems.map(key));
  return newItems.filter((item) => !oldKeys.has(key(item))).every((item) => isSignaturePart(document, item, signedHere));
}

/** A signature field, its widget, or a slice of a seal signed in the same revision. */
function isSignaturePart(document: PdfDocument, value: PdfValue, signedHere: ReadonlySet<string>): boolean {
  const item = asDict(document.resolve(value));
  if (item === undefined) return false;
  if (isName(item.get('FT'), 'Sig')) return true;
  const slice = sliceOwner(item);
  if (slice !== null) return signedHere.has(slice);
  return isName(item.get('Subtype'), 'Widget') && isName(asDict(document.resolve(item.get('Parent')))?.get('FT'), 'Sig');
}

function sameValue(document: PdfDocument, a: PdfValue, b: PdfValue): boolean {
  if (a instanceof PdfStream || b instanceof PdfStream) {
    if (!(a instanceof PdfStream && b instanceof PdfStream)) return false;
    return sameValue(document, a.dict, b.dict) && Buffer.from(document.readStreamData(a)).equals(Buffer.from(document.readStreamData(b)));
  }
  if (a instanceof PdfDict && b instanceof PdfDict) {
    const withoutLength = (d: PdfDict): PdfDict => {
      const copy = d.clone();
      copy.entries.delete('Length');
      return copy;
    };
    return formatValue(withoutLength(a)) === formatValue(withoutLength(b));
  }
  return formatValue(a) === formatValue(b);
}

/** The signature field a 骑缝章 slice belongs to, from its /NM. */
export function sliceOwner(annotation: PdfDict): string | null {
  const nm = annotation.get('NM');
  if (!isName(annotation.get('Subtype'), 'Stamp') || !(nm instanceof PdfString)) return null;
  const text = nm.toText();
  return text.startsWith(SLICE_PREFIX) ? text.slice(SLICE_PREFIX.length).replace(/#\d+$/, '') : null;
}

function signatureFieldsAddedIn(document: PdfDocument, nums: Iterable<number>, sectionIndex: number): Set<string> {
  const names = new Set<string>();
  for (const num of nums) {
    const value = asDict(document.resolveAsOf(new PdfRef(num, 0), sectionIndex) ?? undefined);
    const title = value?.get('T');
    if (value !== undefined && isName(value.get('FT'), 'Sig') && title instanceof PdfString) names.add(title.toText());
  }
  return names;
}
