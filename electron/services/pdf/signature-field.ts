import type { PdfDocument } from './document.ts';
import type { EmptySignatureField } from './fields.ts';
import { asArray, asDict, dict, name, PdfRaw, PdfRef, PdfString, type PdfDict, type PdfValue } from './objects.ts';
import type { PageInfo } from './pages.ts';

import type { IncrementalUpdate } from './update.ts';

/** Marks the extra parts of a seal drawn on other pages; the name after it is the signature field's. */
export const SLICE_PREFIX = 'SealDesk.Slice:';

export const BYTE_RANGE_PLACEHOLDER = '[0 ********** ********** **********]';

export interface WidgetPlacement {
  page: PageInfo;
  rect: [number, number, number, number];
  appearance: PdfRef;
}

/** How the signature restricts what may change after it (§12.8.2.2, §12.8.2.3). */
export type Modification = { kind: 'certify'; permission: 1 | 2 | 3 } | { kind: 'lock' } | { kind: 'none' };

export interface SignatureFieldSpec {
  fieldPrefix: string;
  /** The first is the field's widget; an invisible signature has a zero rectangle (§12.7.5.5). */
  widgets: [WidgetPlacement, ...WidgetPlacement[]];
  reason: string;
  signerName: string;
  signingTime: Date;
  /** Bytes reserved for the CMS; the hex placeholder is twice this. */
  contentsSize: number;
  modification: Modification;
  appVersion: string;
}

/** What the signature dictionary records, wherever its field comes from. */
type SignatureSpec = Omit<SignatureFieldSpec, 'fieldPrefix' | 'widgets'>;

/** Signing into a field the document already has: its widget, rectangle and page stay; it gains the signature and an appearance. */
export interface ExistingFieldSpec extends SignatureSpec {
  field: EmptySignatureField;
  page: PageInfo;
  appearance: PdfRef;
}

export function pdfDate(date: Date): string {
  const pad = (n: number): string => String(Math.abs(n)).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `D:${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}${pad(date.getHours())}${pad(date.getMinutes())}` +
    `${pad(date.getSeconds())}${sign}${pad(Math.trunc(offset / 60))}'${pad(offset % 60)}'`
  );
}

/** Adds the signature dictionary, its field and widgets, and links them into pages and the AcroForm. */
export function addSignatureField(update: IncrementalUpdate, spec: SignatureFieldSpec): void {
  const document = update.document;
  const signatureRef = update.add(signatureDictionary(document, spec));
  const fieldName = uniqueFieldName(document, spec.fieldPrefix);
  const field: Record<string, PdfValue> = { FT: name('Sig'), T: PdfString.text(fieldName), V: signatureRef };
  if (spec.modification.kind === 'lock') field['Lock'] = lockAll();
  const widgetFlags = 132; // Print | Locked: printed like ink, not movable in a viewer.
  const [first, ...slices] = spec.widgets;
  const fieldRef = update.add(dict({ ...field, ...widget(first, widgetFlags) }));
  const widgetsByPage = new Map<number, { page: PageInfo; refs: PdfRef[] }>([[first.page.index, { page: first.page, refs: [fieldRef] }]]);
  // Further parts (骑缝章 slices) are stamps named after the field: validators such as poppler read a
  // signature field with several widgets as several unsigned fields.
  slices.forEach((placement, index) => {
    const ref = update.add(
      dict({ ...widget(placement, widgetFlags), Subtype: name('Stamp'), NM: PdfString.text(`${SLICE_PREFIX}${fieldName}#${index + 2}`) }),
    );
    const entry = widgetsByPage.get(placement.page.index) ?? { page: placement.page, refs: [] };
    entry.refs.push(ref);
    widgetsByPage.set(placement.page.index, entry);
  });
  for (const { page, refs } of widgetsByPage.values()) appendAnnotations(update, page, refs);
  linkIntoAcroForm(update, fieldRef, spec.modification.kind === 'certify' ? signatureRef : undefined);
}

/** Fills an empty signature field (§12.7.5.5): the field gets /V, its widget the appearance; nothing else is added to the page. */
export function signIntoField(update: IncrementalUpdate, spec: ExistingFieldSpec): void {
  const document = update.document;
  const { field, page } = spec;
  const signatureRef = update.add(signatureDictionary(document, spec));
  const filled = field.dict.clone().set('V', signatureRef);
  if (spec.modification.kind === 'lock') filled.set('Lock', lockAll());
  const withAppearance = (widget: PdfDict): PdfDict => widget.clone().set('AP', dict({ N: spec.appearance }));
  if (field.widgetRef.key === field.ref.key) update.set(field.ref, withAppearance(filled));
  else {
    update.set(field.ref, filled);
    update.set(field.widgetRef, withAppearance(asDict(document.resolve(field.widgetRef)) ?? dict({})));
  }
  const listed = (asArray(document.resolve(page.dict.get('Annots'))) ?? []).some(
    (a) => a instanceof PdfRef && a.key === field.widgetRef.key,
  );
  if (!listed) appendAnnotations(update, page, [field.widgetRef]);
  linkIntoAcroForm(update, null, spec.modification.kind === 'certify' ? signatureRef : undefined);
}

function lockAll(): PdfDict {
  return dict({ Type: name('SigFieldLock'), Action: name('All'), P: 1 });
}

function signatureDictionary(document: PdfDocument, spec: SignatureSpec): PdfDict {
  const signature = dict({
    Type: name('Sig'),
    Filter: name('Adobe.PPKLite'),
    SubFilter: name('ETSI.CAdES.detached'),
  });
  signature.set('ByteRange', new PdfRaw(BYTE_RANGE_PLACEHOLDER));
  signature.set('Contents', new PdfRaw(`<${'0'.repeat(spec.contentsSize * 2)}>`));
  signature.set('M', new PdfString(Buffer.from(pdfDate(spec.signingTime), 'latin1')));
  signature.set('Name', PdfString.text(spec.signerName));
  signature.set('Reason', PdfString.text(spec.reason));
  signature.set('Prop_Build', dict({ App: dict({ Name: name('SealDesk'), REx: PdfString.text(spec.appVersion) }) }));
  const reference = transformReference(document, spec.modification);
  if (reference !== undefined) signature.set('Reference', [reference]);
  return signature;
}

function transformReference(document: PdfDocument, modification: Modification): PdfDict | undefined {
  if (modification.kind === 'certify') {
    const params = dict({ Type: name('TransformParams'), P: modification.permission, V: name('1.2') });
    return dict({ Type: name('SigRef'), TransformMethod: name('DocMDP'), TransformParams: params });
  }
  if (modification.kind === 'lock') {
    const params = dict({ Type: name('TransformParams'), Action: name('All'), P: 1, V: name('1.2') });
    return dict({ Type: name('SigRef'), TransformMethod: name('FieldMDP'), TransformParams: params, Data: document.catalogRef });
  }
  return undefined;
}

function widget(placement: WidgetPlacement, flags: number): Record<string, PdfValue> {
  return {
    Type: name('Annot'),
    Subtype: name('Widget'),
    F: flags,
    P: placement.page.ref,
    Rect: placement.rect,
    AP: dict({ N: placement.appearance }),
  };
}

function appendAnnotations(update: IncrementalUpdate, page: PageInfo, refs: PdfRef[]): void {
  const document = update.document;
  const current = page.dict.get('Annots');
  const existing = asArray(document.resolve(current)) ?? [];
  if (current instanceof PdfRef) {
    update.set(current, [...existing, ...refs]);
    return;
  }
  update.set(page.ref, page.dict.clone().set('Annots', [...existing, ...refs]));
}

/** Lists a new field (`fieldRef`; null for one the form already lists) and marks the form as signed. */
function linkIntoAcroForm(update: IncrementalUpdate, fieldRef: PdfRef | null, certification: PdfRef | undefined): void {
  const document = update.document;
  const catalog = document.catalog;
  const current = catalog.get('AcroForm');
  const acroForm = asDict(document.resolve(current))?.clone() ?? dict({});
  const fields = acroForm.get('Fields');
  const existingFields = asArray(document.resolve(fields)) ?? [];
  if (fieldRef !== null && fields instanceof PdfRef) update.set(fields, [...existingFields, fieldRef]);
  else if (fieldRef !== null) acroForm.set('Fields', [...existingFields, fieldRef]);
  acroForm.set('SigFlags', 3);
  // A form asking viewers to regenerate every field's appearance (pdflatex writes NeedAppearances true) has poppler
  // and Acrobat draw our signature widget anew, empty: the seal would not show. Signing tools drop the flag (iText too).
  acroForm.entries.delete('NeedAppearances');
  let newCatalog: PdfDict | undefined;
  if (current instanceof PdfRef) {
    update.set(current, acroForm);
  } else {
    newCatalog = catalog.clone().set('AcroForm', update.add(acroForm));
  }
  if (certification !== undefined) {
    newCatalog = (newCatalog ?? catalog.clone()).set('Perms', dict({ DocMDP: certification }));
  }
  if (newCatalog !== undefined) update.set(document.catalogRef, newCatalog);
}

function uniqueFieldName(document: PdfDocument, prefix: string): string {
  const acroForm = asDict(document.resolve(document.catalog.get('AcroForm')));
  const names = new Set<string>();
  for (const field of asArray(document.resolve(acroForm?.get('Fields'))) ?? []) {
    const title = asDict(document.resolve(field))?.get('T');
    if (title instanceof PdfString) names.add(title.toText());
  }
  for (let n = 1; ; n++) if (!names.has(`${prefix}${n}`)) return `${prefix}${n}`;
}
