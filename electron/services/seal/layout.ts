import { AppError } from '../../../shared/errors.ts';
import { coveredSignatures, PT_PER_MM, type DocumentLayout, type PlacedBox, type PageWidget } from '../../../shared/model/seal.ts';
import {
  emptySignatureFields,
  pageAt,
  pageCount,
  PdfDocument,
  PdfString,
  signatureFields,
  type PageInfo,
  type SignatureWidget,
} from '../pdf/index.ts';
import { displayedRect, visibleSize } from './placement.ts';

/** What is already on the pages of the PDF at `path`: signatures' visible boxes and empty signature fields. */
export function documentLayout(path: string): DocumentLayout {
  const document = PdfDocument.open(path);
  try {
    return layoutOf(document);
  } finally {
    document.close();
  }
}

export function layoutOf(document: PdfDocument): DocumentLayout {
  const pages = new Map<number, PageInfo>();
  const page = (index: number): PageInfo => {
    const known = pages.get(index) ?? pageAt(document, index);
    pages.set(index, known);
    return known;
  };
  const onPage = (widget: SignatureWidget, fieldName: string, signer: PageWidget['signer']): PageWidget[] => {
    const [x1, y1, x2, y2] = widget.rect;
    if (widget.pageIndex === null || x2 <= x1 || y2 <= y1) return [];
    return [{ page: widget.pageIndex + 1, rect: displayedRect(page(widget.pageIndex), widget.rect), fieldName, signer }];
  };
  const text = (value: unknown): string => (value instanceof PdfString ? value.toText() : '');
  const signed = signatureFields(document).flatMap((field) => {
    const signer = { name: text(field.signature.get('Name')), reason: text(field.signature.get('Reason')) };
    return field.widgets.flatMap((widget) => onPage(widget, field.name, signer));
  });
  const empty = emptySignatureFields(document).flatMap((field) => onPage(field.widget, field.name, null));
  const sizes = Array.from({ length: pageCount(document) }, (_, i) => {
    const { width, height } = visibleSize(page(i));
    return { widthMm: width / PT_PER_MM, heightMm: height / PT_PER_MM };
  });
  return { pages: sizes, widgets: [...signed, ...empty] };
}

/**
 * An approval's box or a seal must not hide a signature already on the page unless the user chose to
 * put it there (`allowOverlap`): PLACEMENT_OVERLAPS_SIGNATURE names the page and whose signature it is.
 */
export function assertNothingCovered(layout: DocumentLayout, placed: readonly PlacedBox[], allowOverlap: boolean): void {
  const [covered] = allowOverlap ? [] : coveredSignatures(layout, placed);
  if (covered?.signer)
    throw new AppError('PLACEMENT_OVERLAPS_SIGNATURE', { page: covered.page, name: covered.signer.name || covered.fieldName });
}
