import type { PDFDocumentProxy } from 'pdfjs-dist';
import { CallState } from '../../components/CallState.tsx';
import { useT } from '../../i18n.tsx';
import { PdfPage, type PageGeometry } from '../../pdf/PdfPage.tsx';
import { usePdf } from '../../pdf/usePdf.ts';
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
  onPage: (page: number | 'last') => void;
  onMove: (xMm: number, yMm: number) => void;
}

/** The first document of the batch as it will print, with the seal where it will go; drag it to move it. */
export function PlacementPreview({ path, ...rest }: Props) {
  const pdf = usePdf(path);
  const { document } = pdf;
  if (document === null) return <CallState call={pdf} />;
  return <Preview document={document} {...rest} />;
}

function Preview({ document, image, page, spot, crossPage, snap, onPage, onMove }: Omit<Props, 'path'> & { document: PDFDocumentProxy }) {
  const { t } = useT();
  const count = document.numPages;
  const index = page === 'last' ? count - 1 : Math.min(page, count) - 1;
  const overlayFor = (pageIndex: number, movable: boolean) => {
    if (!crossPage && pageIndex !== index) return undefined;
    const slice = crossPage ? { index: pageIndex, count } : undefined;
    const move = crossPage ? (_x: number, y: number) => onMove(spot.xMm, y) : onMove;
    return (geometry: PageGeometry) => (
      <SealOverlay geometry={geometry} image={image} spot={spot} slice={slice} {...(movable ? { onMove: move, snap } : {})} />
    );
  };
  return (
    <div className="placement-preview">
      <ol className="thumbnails" aria-label={t('seals.thumbnails')}>
        {Array.from({ length: count }, (_, i) => (
          <li key={i} className={i === index ? 'selected' : ''}>
            <button type="button" onClick={() => onPage(i === count - 1 ? 'last' : i + 1)} aria-label={t('seals.pageN', { page: i + 1 })}>
              <PdfPage document={document} pageIndex={i} widthPx={THUMB_WIDTH_PX} overlay={overlayFor(i, false)} label="" lazy />
              <span>{i + 1}</span>
            </button>
          </li>
        ))}
      </ol>
      <div className="page-view">
        <p>{t('seals.previewHint', { page: index + 1, count })}</p>
        <PdfPage
          document={document}
          pageIndex={index}
          widthPx={PAGE_WIDTH_PX}
          overlay={overlayFor(index, true)}
          label={t('seals.pageN', { page: index + 1 })}
        />
      </div>
    </div>
  );
}
