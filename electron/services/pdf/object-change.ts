import type { Change, ChangeKind, ChangeSubject } from '../../../shared/model/verification.ts';
import type { PdfDocument } from './document.ts';
import { asArray, asDict, isName, PdfDict, PdfRef, PdfStream, PdfString, type PdfValue } from './objects.ts';
import { formatValue } from './serialize.ts';
import { isValidationData } from './dss.ts';
import { signatureKind, type SignatureKind } from './fields.ts';
import { SLICE_PREFIX } from './signature-field.ts';

/** What one later revision is compared against: the revision just before it. */
export interface RevisionStep {
  document: PdfDocument;
  /** The revision before this one, counted from the newest (0), as `resolveAsOf` takes it. */
  previousIndex: number;
  /** Object numbers of the previous revision's catalog and document information dictionary. */
  catalogNum: number | null;
  infoNum: number | null;
  /** Signature fields this revision adds, by name: their 骑缝章 slices count as part of the signature. */
  signedHere: ReadonlySet<string>;
  /** The previous revision's DSS, VRI map and VRI entries (dssObjectsAsOf): LTV tools update them in place. */
  dssObjects: ReadonlySet<number>;
}

type Verdict = { kind: ChangeKind; what: ChangeSubject };

const CATALOG_BENIGN = new Set(['AcroForm', 'DSS', 'Extensions']);
const ACROFORM_BENIGN = new Set(['Fields', 'SigFlags', 'DR', 'DA', 'NeedAppearances']);
/** What filling in a field changes: its value, the widget's state and appearance, the modification date. */
const FILLING = new Set(['V', 'AS', 'AP', 'M']);
const CATALOG_SUBJECTS: readonly [string, ChangeSubject][] = [
  ['OpenAction', 'action'],
  ['AA', 'action'],
  ['Names', 'action'],
  ['Metadata', 'metadata'],
  ['Pages', 'page-tree'],
];
const PAGE_SUBJECTS: readonly [string, ChangeSubject][] = [
  ['AA', 'action'],
  ['Contents', 'page-content'],
  ['Resources', 'resources'],
];
const RESOURCE_TYPES = new Set(['Font', 'FontDescriptor', 'XObject', 'ExtGState', 'Pattern', 'Shading', 'CMap', 'Encoding']);

const modified = (what: ChangeSubject): Verdict => ({ kind: 'modified', what });

/** How an object that existed before `step` changed in it, or undefined when it did not really change. */
export function classifyObjectChange(step: RevisionStep, num: number, before: PdfValue, after: PdfValue | undefined): Change | undefined {
  const verdict = verdictFor(step, num, before, after);
  return verdict === undefined ? undefined : { ...verdict, object: num, pageIndex: null };
}

function verdictFor(step: RevisionStep, num: number, before: PdfValue, after: PdfValue | undefined): Verdict | undefined {
  const { document } = step;
  if (after === null || after === undefined) return modified('object-deleted');
  if (sameValue(document, before, after)) return undefined;
  // Cross-reference and object streams are the file's plumbing; the objects they carry are compared themselves.
  if (isPlumbing(before) && isPlumbing(after)) return undefined;
  if (num === step.catalogNum) return catalogChange(step, asDict(before), asDict(after));
  const oldDict = asDict(before);
  const newDict = asDict(after);
  // Validation data kept up to date in place (the DSS, its VRI entries) is still validation data.
  if (
    step.dssObjects.has(num) &&
    !(after instanceof PdfStream) &&
    [oldDict, newDict].every((value) => value !== undefined && isValidationData(document, value))
  ) {
    return { kind: 'validation-data-added', what: 'other' };
  }
  if (num === step.infoNum) return infoChange(step, num, oldDict, newDict);
  if (Array.isArray(before) && Array.isArray(after)) return annotationsChange(step, before, after) ?? modified('other');
  if (oldDict === undefined || newDict === undefined) return modified('other');
  return dictChange(step, oldDict, newDict, after instanceof PdfStream);
}

function dictChange(step: RevisionStep, before: PdfDict, after: PdfDict, isStream: boolean): Verdict {
  const { document } = step;
  if (isName(after.get('Type'), 'Page')) return pageChange(step, before, after);
  if (isName(after.get('Type'), 'Pages') || isName(before.get('Type'), 'Pages')) return modified('page-tree');
  if (after.get('Fields') !== undefined || before.get('Fields') !== undefined) return acroFormChange(step, before, after);
  if (isName(after.get('Type'), 'Metadata')) return modified('metadata');
  if (isField(document, before) || isField(document, after)) return fieldChange(document, before, after);
  if (isAnnotation(before) && isAnnotation(after)) {
    return isPlainAnnotation(before) && isPlainAnnotation(after)
      ? { kind: 'annotation-changed', what: 'annotation' }
      : modified('annotation');
  }
  if (isAction(before) || isAction(after)) return modified('action');
  const type = after.get('Type');
  if (isStream || (type !== undefined && isName(type) && RESOURCE_TYPES.has(type.name)))
    return modified(isStream ? 'page-content' : 'resources');
  return modified('other');
}

function catalogChange(step: RevisionStep, before: PdfDict | undefined, after: PdfDict | undefined): Verdict {
  const { document } = step;
  if (before === undefined || after === undefined) return modified('catalog-replaced');
  const changedKeys = differingKeys(document, before, after).filter((key) => !CATALOG_BENIGN.has(key));
  if (changedKeys.length > 0) {
    return modified(CATALOG_SUBJECTS.find(([key]) => changedKeys.includes(key))?.[1] ?? 'catalog');
  }
  const oldForm = before.get('AcroForm');
  const newForm = after.get('AcroForm');
  // A form kept in the same object is compared as that object; an inline or newly made one is compared here.
  const formVerdict =
    sameValue(document, oldForm ?? null, newForm ?? null) ||
    (oldForm instanceof PdfRef && newForm instanceof PdfRef && oldForm.key === newForm.key)
      ? undefined
      : acroFormChange(step, asDict(resolveBefore(step, oldForm)) ?? new PdfDict(), asDict(document.resolve(newForm)) ?? new PdfDict());
  if (formVerdict?.kind === 'modified') return { kind: 'modified', what: 'form' };
  if (formVerdict !== undefined) return { kind: formVerdict.kind, what: 'catalog' };
  const dssChanged = !sameValue(document, before.get('DSS') ?? null, after.get('DSS') ?? null);
  return { kind: dssChanged ? 'validation-data-added' : 'signature-added', what: 'catalog' };
}

function pageChange(step: RevisionStep, before: PdfDict, after: PdfDict): Verdict {
  const changedKeys = differingKeys(step.document, before, after).filter((key) => key !== 'Annots');
  if (changedKeys.length > 0) return modified(PAGE_SUBJECTS.find(([key]) => changedKeys.includes(key))?.[1] ?? 'page');
  const annotations = (value: PdfValue | undefined, resolve: (v: PdfValue | undefined) => PdfValue | undefined): PdfValue[] =>
    asArray(resolve(value)) ?? [];
  return (
    annotationsChange(
      step,
      annotations(before.get('Annots'), (v) => resolveBefore(step, v)),
      annotations(after.get('Annots'), (v) => step.document.resolve(v)),
    ) ?? modified('annotation')
  );
}

/**
 * An annotation list that only gained this revision's signature widgets (and 骑缝章 slices) is a
 * signature, and validation data when they are all document time-stamps'; one that otherwise only
 * gained or lost plain annotations is what DocMDP P=3 permits.
 */
function annotationsChange(step: RevisionStep, before: readonly PdfValue[], after: readonly PdfValue[]): Verdict | undefined {
  const { document } = step;
  const key = (v: PdfValue): string => (v instanceof PdfRef ? v.key : formatValue(v));
  const oldKeys = new Set(before.map(key));
  const newKeys = new Set(after.map(key));
  const added = after.filter((item) => !oldKeys.has(key(item)));
  const removed = before.filter((item) => !newKeys.has(key(item)));
  const parts = added.map((item) => signaturePartKind(document, item, step.signedHere));
  if (removed.length === 0 && parts.every((kind) => kind !== null)) {
    const onlyTimestamps = parts.length > 0 && parts.every((kind) => kind === 'document-timestamp');
    return { kind: onlyTimestamps ? 'validation-data-added' : 'signature-added', what: 'annotation' };
  }
  const plain = (resolve: (v: PdfValue) => PdfValue | undefined) => (item: PdfValue) => {
    const dict = asDict(resolve(item));
    return dict !== undefined && isAnnotation(dict) && isPlainAnnotation(dict);
  };
  const isPlain = added.every(plain((v) => document.resolve(v))) && removed.every(plain((v) => resolveBefore(step, v)));
  return isPlain && (added.length > 0 || removed.length > 0) ? { kind: 'annotation-changed', what: 'annotation' } : undefined;
}

/**
 * PyPDF2 writes one dictionary as both /Info and the catalog's /AcroForm. Such an object is judged as the
 * form: a signature's field added is permitted, and any other key changed (a title too) still counts as modified.
 */
function infoChange(step: RevisionStep, num: number, before: PdfDict | undefined, after: PdfDict | undefined): Verdict {
  const form = step.document.catalog.get('AcroForm');
  const isAlsoTheForm = form instanceof PdfRef && form.num === num;
  return isAlsoTheForm && before !== undefined && after !== undefined ? acroFormChange(step, before, after) : modified('document-info');
}

function acroFormChange(step: RevisionStep, before: PdfDict, after: PdfDict): Verdict {
  const { document } = step;
  const changedKeys = differingKeys(document, before, after);
  if (changedKeys.some((key) => !ACROFORM_BENIGN.has(key))) return modified('form');
  if (!changedKeys.includes('Fields')) {
    return { kind: changedKeys.includes('NeedAppearances') ? 'form-filled' : 'signature-added', what: 'form' };
  }
  const fields = (value: PdfValue | undefined, resolve: (v: PdfValue | undefined) => PdfValue | undefined): PdfValue[] =>
    asArray(resolve(value)) ?? [];
  const verdict = annotationsChange(
    step,
    fields(before.get('Fields'), (v) => resolveBefore(step, v)),
    fields(after.get('Fields'), (v) => document.resolve(v)),
  );
  return verdict?.kind === 'signature-added' || verdict?.kind === 'validation-data-added'
    ? { kind: verdict.kind, what: 'form' }
    : modified('form');
}

/** Filling in a field changes its value and appearance only; a signature field gains its signature. */
function fieldChange(document: PdfDocument, before: PdfDict, after: PdfDict): Verdict {
  const changedKeys = differingKeys(document, before, after);
  const isSignature = fieldType(document, after) === 'Sig';
  // A final seal signed into an empty field locks the document from that field (SealDesk's /Lock /All).
  const signedNow = isSignature && before.get('V') === undefined && after.get('V') !== undefined;
  const onlyFilling = changedKeys.every((key) => FILLING.has(key) || (signedNow && key === 'Lock'));
  if (!onlyFilling) return modified('form-field');
  if (!isSignature) return { kind: 'form-filled', what: 'form-field' };
  // A signature field left (or made) empty signs nothing: a new appearance there is only a drawing.
  if (after.get('V') === undefined) return modified('form-field');
  const timestamp = signedValueKind(document, after) === 'document-timestamp';
  return { kind: timestamp ? 'validation-data-added' : 'signature-added', what: 'form-field' };
}

function fieldType(document: PdfDocument, field: PdfDict): string | undefined {
  let node: PdfDict | undefined = field;
  for (let depth = 0; node !== undefined && depth < 32; depth++) {
    const type = node.get('FT');
    if (isName(type)) return type.name;
    node = asDict(document.resolve(node.get('Parent')));
  }
  return undefined;
}

function isField(document: PdfDocument, dict: PdfDict): boolean {
  return dict.get('FT') !== undefined || (isName(dict.get('Subtype'), 'Widget') && fieldType(document, dict) !== undefined);
}

function isAnnotation(dict: PdfDict): boolean {
  return isName(dict.get('Subtype')) && (isName(dict.get('Type'), 'Annot') || dict.get('Rect') !== undefined);
}

/** An annotation that is neither a form widget nor carries an action: what DocMDP P=3 lets anyone add. */
function isPlainAnnotation(dict: PdfDict): boolean {
  return !isName(dict.get('Subtype'), 'Widget') && dict.get('A') === undefined && dict.get('AA') === undefined;
}

function isAction(dict: PdfDict): boolean {
  return (
    isName(dict.get('Type'), 'Action') || isName(dict.get('S')) || dict.get('JS') !== undefined || dict.get('JavaScript') !== undefined
  );
}

/** A cross-reference or object stream: the file's plumbing, not something the document shows. */
export function isPlumbing(value: PdfValue): boolean {
  return value instanceof PdfStream && (isName(value.dict.get('Type'), 'XRef') || isName(value.dict.get('Type'), 'ObjStm'));
}

/**
 * What a signed signature field, its widget, or a slice of a seal signed in the same revision belongs to: a
 * signature or a document time-stamp; null for anything else. A signature field added empty signs nothing:
 * its appearance is whatever its author drew, anywhere on the page (the "sneaky signature" of Mainka et al., S&P 2021).
 */
function signaturePartKind(document: PdfDocument, value: PdfValue, signedHere: ReadonlySet<string>): SignatureKind | null {
  const item = asDict(document.resolve(value));
  if (item === undefined) return null;
  if (isName(item.get('FT'), 'Sig')) return signedFieldKind(document, item);
  const slice = sliceOwner(item);
  if (slice !== null) return signedHere.has(slice) ? 'signature' : null;
  const parent = asDict(document.resolve(item.get('Parent')));
  return isName(item.get('Subtype'), 'Widget') && parent !== undefined && isName(parent.get('FT'), 'Sig')
    ? signedFieldKind(document, parent)
    : null;
}

function signedFieldKind(document: PdfDocument, field: PdfDict): SignatureKind | null {
  return asDict(document.resolve(field.get('V'))) === undefined ? null : signedValueKind(document, field);
}

/** A signed signature field's value is a signature, or a document time-stamp. */
function signedValueKind(document: PdfDocument, field: PdfDict): SignatureKind {
  const value = asDict(document.resolve(field.get('V')));
  return value === undefined ? 'signature' : signatureKind(value);
}

/** The signature field a 骑缝章 slice belongs to, from its /NM. */
export function sliceOwner(annotation: PdfDict): string | null {
  const nm = annotation.get('NM');
  if (!isName(annotation.get('Subtype'), 'Stamp') || !(nm instanceof PdfString)) return null;
  const text = nm.toText();
  return text.startsWith(SLICE_PREFIX) ? text.slice(SLICE_PREFIX.length).replace(/#\d+$/, '') : null;
}

function resolveBefore(step: RevisionStep, value: PdfValue | undefined): PdfValue | undefined {
  return value instanceof PdfRef ? step.document.resolveAsOf(value, step.previousIndex) : value;
}

function differingKeys(document: PdfDocument, before: PdfDict, after: PdfDict): string[] {
  const keys = new Set([...before.entries.keys(), ...after.entries.keys()]);
  return [...keys].filter((key) => !sameValue(document, before.get(key) ?? null, after.get(key) ?? null));
}

export function sameValue(document: PdfDocument, a: PdfValue, b: PdfValue): boolean {
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
