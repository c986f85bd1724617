import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useState } from 'react';
import { crossPageGroups, type DocumentLayout, type PageWidget } from '../../../../shared/model/seal.ts';
import { CallState } from '../../components/CallState.tsx';
import { useT } from '../../i18n.tsx';
import { PdfPage, type PageGeometry } from '../../pdf/PdfPage.tsx';
import { usePdf } from '../../pdf/usePdf.ts';
import { PageWidgets } from './PageWidgets.tsx';
import { crossPageSlice } from './plannedBoxes.ts';
import { SealOverlay, type SealSpot } from './SealOverlay.tsx';
import type { ImpressionView } from './useImpression.ts';

const PAGE_WIDTH_PX = 560;
const THUMB_WIDTH_PX = 96;

interface Props {
  path: string;
  image: ImpressionView;
  page: number | 'last';
  spot: SealSpot;
  crossPage: boolean;
  snap: boolean;
  /** What is already on the pages; null until it is read. */
  layout: DocumentLayout | null;
  /** Signatures the new one would cover where it is now. */
  covered: readonly PageWidget[];
  /** The empty signature field chosen to sign into, instead of the spot. */
  field: string | null;
  onPage: (page: number | 'last') => void;
  onMove: (xMm: number, yMm: number) => void;
}

/**
 * The first document of the batch as it will print: the signatures already on it, outlined with who
 * signed, and the seal where it will go; drag it to move it.
 */
export function PlacementPreview({ path, ...rest }: Props) {
  const pdf = usePdf(path);
  const { document } = pdf;
  if (document === null) return <CallState call={pdf} />;
  return <Preview document={document} {...rest} />;
}

function Preview(props: Omit<Props, 'path'> & { document: PDFDocumentProxy }) {
  const { document, image, page, spot, crossPage, snap, layout, covered, field, onPage, onMove } = props;
  const { t } = useT();
  const [mainDrawn, setMainDrawn] = useState(false);
  const count = document.numPages;
  const chosen = layout?.widgets.find((w) => w.signer === null && w.fieldName === field);
  const index = chosen ? chosen.page - 1 : page === 'last' ? count - 1 : Math.min(page, count) - 1;
  const sealFor = (pageIndex: number, movable: boolean, geometry: PageGeometry) => {
    if (chosen) return pageIndex === index && <SealOverlay geometry={geometry} image={image} spot={fitted(chosen, image)} />;
    if (!crossPage && pageIndex !== index) return null;
    const slice = crossPage ? crossPageSlice(pageIndex, count, spot.widthMm) : undefined;
    const move = crossPage ? (_x: number, y: number) => onMove(spot.xMm, y) : onMove;
    return <SealOverlay geometry={geometry} image={image} spot={spot} slice={slice} {...(movable ? { onMove: move, snap } : {})} />;
  };
  /** The main view names the boxes and, unless a field is chosen, lets the seal be dragged; thumbnails only show. */
  const overlayFor = (pageIndex: number, main: boolean) => (geometry: PageGeometry) => (
    <>
      <PageWidgets
        geometry={geometry}
        widgets={layout?.widgets.filter((w) => w.page === pageIndex + 1) ?? []}
        covered={covered}
        field={field}
        labelled={main}
      />
      {sealFor(pageIndex, main, geometry)}
    </>
  );
  return (
    <div className="placement-preview">
      <ol className="thumbnails" aria-label={t('seals.thumbnails')}>
        {Array.from({ length: count }, (_, i) => (
          <li key={i} className={i === index ? 'selected' : ''}>
            <button type="button" onClick={() => onPage(i === count - 1 ? 'last' : i + 1)} aria-label={t('seals.pageN', { page: i + 1 })}>
              <PdfPage
                document={document}
                pageIndex={i}
                widthPx={THUMB_WIDTH_PX}
                overlay={overlayFor(i, false)}
                label=""
                lazy
                held={!mainDrawn}
              />
              <span>{i + 1}</span>
            </button>
          </li>
        ))}
      </ol>
      <div className="page-view">
        <p>{t('seals.previewHint', { page: index + 1, count })}</p>
        {chosen === undefined && (
          <p aria-live="polite" data-testid="seal-position">
            {t('seals.positionReadout', { x: spot.xMm, y: spot.yMm })}
          </p>
        )}
        {crossPage && chosen === undefined && <CrossPageGroups count={count} widthMm={spot.widthMm} />}
        {covered.length > 0 && (
          <ul className="warning" data-testid="overlap-warning">
            {covered.map((w) => (
              <li key={`${w.fieldName}:${w.page}`}>{t('seals.covers', { page: w.page, name: w.signer?.name ?? w.fieldName })}</li>
            ))}
          </ul>
        )}
        <PdfPage
          document={document}
          pageIndex={index}
          widthPx={PAGE_WIDTH_PX}
          overlay={overlayFor(index, true)}
          label={t('seals.pageN', { page: index + 1 })}
          onSettled={() => setMainDrawn(true)}
        />
      </div>
    </div>
  );
}

/** The impression as large as fits the field, centred in it, as the service draws it there. */
function fitted(field: PageWidget, image: ImpressionView): SealSpot {
  const { leftMm, topMm, widthMm, heightMm } = field.rect;
  return { xMm: leftMm + widthMm / 2, yMm: topMm + heightMm / 2, widthMm: Math.min(widthMm, (heightMm * image.widthMm) / image.heightMm) };
}

/** 骑缝章 before anything is signed: which pages share one full impression, and how wide each page's slice is. */
function CrossPageGroups({ count, widthMm }: { count: number; widthMm: number }) {
  const { t } = useT();
  if (count < 2) return null;
  const groups = crossPageGroups(count, widthMm);
  const ranges = groups.map(({ start, size }) =>
    t('seals.crossPageGroup', { first: start + 1, last: start + size, slice: Math.round((widthMm / size) * 10) / 10 }),
  );
  return (
    <p data-testid="cross-page-groups">
      {t('seals.crossPageGroups', { groups: groups.length, ranges: ranges.join(t('seals.crossPageGroupSeparator')) })}
    </p>
  );
}
