import { AppError } from '../../../shared/errors.ts';
import { coveredSignatures, type DocumentLayout, type PlacedBox, type PageWidget } from '../../../shared/model/seal.ts';
import {
  allPages,
  emptySignatureFields,
  pageAt,
  PdfDocument,
  PdfString,
  signatureFields,
  type PageInfo,
  type SignatureWidget,
} from '../pdf/index.ts';
import { displayedRect, visibleSizeMm } from './placement.ts';

/** What is already on the pages of the PDF at `path`: signatures' visible boxes and empty signature fields. */
export function documentLayout(path: string): DocumentLayout {
  const document = PdfDocument.open(path);
  try {
    // Every page is needed: one walk of the page tree, not a lookup from the root per page.
    const all = allPages(document);
    const pages: PageLookup = { at: (index) => all[index] ?? pageAt(document, index) };
    const sizes = all.map(visibleSizeMm);
    const empty = emptySignatureFields(document).flatMap((field) => onPage(pages, field.widget, field.name, null));
    return { pages: sizes, widgets: [...signedWidgets(document, pages), ...empty] };
  } finally {
    document.close();
  }
}

/**
 * An approval's box or a seal must not hide a signature already on the page unless the user chose to
 * put it there (`allowOverlap`): PLACEMENT_OVERLAPS_SIGNATURE names the page and whose signature it is.
 * `signatures` are those the signing check found, so the form is not read again.
 */
export function assertNothingCovered(
  document: PdfDocument,
  signatures: readonly { fieldName: string; signerName: string; widgets: readonly SignatureWidget[] }[],
  placed: readonly PlacedBox[],
  allowOverlap: boolean,
): void {
  if (allowOverlap) return;
  const pages = new PageCache(document);
  const placedOn = new Set(placed.map((box) => box.page - 1));
  const widgets = signatures.flatMap((s) =>
    s.widgets
      .filter((w) => w.pageIndex !== null && placedOn.has(w.pageIndex))
      .flatMap((w) => onPage(pages, w, s.fieldName, { name: s.signerName, reason: '' })),
  );
  const [covered] = coveredSignatures({ widgets }, placed);
  if (covered?.signer)
    throw new AppError('PLACEMENT_OVERLAPS_SIGNATURE', { page: covered.page, name: covered.signer.name || covered.fieldName });
}

/** The visible boxes of the document's signatures (骑缝章 slices included), with who signed and why. */
function signedWidgets(document: PdfDocument, pages: PageLookup): PageWidget[] {
  const text = (value: unknown): string => (value instanceof PdfString ? value.toText() : '');
  return signatureFields(document).flatMap((field) => {
    const signer = { name: text(field.signature.get('Name')), reason: text(field.signature.get('Reason')) };
    return field.widgets.flatMap((widget) => onPage(pages, widget, field.name, signer));
  });
}

/** A widget with an area on a page, in mm on that page as displayed; none for an invisible one. */
function onPage(pages: PageLookup, widget: SignatureWidget, fieldName: string, signer: PageWidget['signer']): PageWidget[] {
  const [x1, y1, x2, y2] = widget.rect;
  if (widget.pageIndex === null || x2 <= x1 || y2 <= y1) return [];
  return [{ page: widget.pageIndex + 1, rect: displayedRect(pages.at(widget.pageIndex), widget.rect), fieldName, signer }];
}

interface PageLookup {
  at(index: number): PageInfo;
}

/** Each page looked up once, for checks that need only the pages a seal lands on. */
class PageCache implements PageLookup {
  readonly #pages = new Map<number, PageInfo>();
  constructor(private readonly document: PdfDocument) {}

  at(index: number): PageInfo {
    const page = this.#pages.get(index) ?? pageAt(this.document, index);
    this.#pages.set(index, page);
    return page;
  }
}
