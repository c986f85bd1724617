import type { TokenCertificate } from '../../../../shared/model/certificate.ts';
import type { Token } from '../../../../shared/model/token.ts';
import { CallState } from '../../components/CallState.tsx';
import { SigningSheet } from '../../components/SigningSheet.tsx';
import { useT } from '../../i18n.tsx';
import { PdfPage } from '../../pdf/PdfPage.tsx';
import { usePdf } from '../../pdf/usePdf.ts';
import { DocumentFactsTable } from './DocumentFactsTable.tsx';
import { SealOverlay, type SealSpot } from './SealOverlay.tsx';
import type { ImpressionView } from './useImpression.ts';

const PREVIEW_WIDTH_PX = 180;

export interface SealAct {
  action: 'approve' | 'seal';
  inputs: readonly string[];
  page: number | 'last';
  spot: SealSpot;
  crossPage: boolean;
  final: boolean;
}

interface Props {
  act: SealAct;
  certificate: TokenCertificate;
  token: Token;
  image: ImpressionView | null | undefined;
  onConfirm: (pin: string | null) => void;
  onCancel: () => void;
}

/** 签发 or 盖章 (骑缝章, final) of one file or a batch, confirmed on one sheet with the PIN. */
export function SealSheet({ act, certificate, token, image, onConfirm, onCancel }: Props) {
  const { t } = useT();
  const count = act.inputs.length;
  const title = act.action === 'approve' ? t('sheet.title.approve', { count }) : t('sheet.title.seal', { count });
  return (
    <SigningSheet
      title={title}
      confirmLabel={act.action === 'approve' ? t('sheet.confirm.approve') : t('sheet.confirm.seal')}
      subject={<DocumentFactsTable paths={act.inputs} />}
      certificate={certificate}
      token={token}
      placement={<PlacementSummary act={act} image={act.action === 'seal' ? image : null} />}
      consequence={t(consequenceKey(act))}
      alwaysAskPin
      onConfirm={onConfirm}
      onCancel={onCancel}
    />
  );
}

function consequenceKey(act: SealAct) {
  if (act.action === 'approve') return 'sheet.consequence.approve' as const;
  if (act.final) return 'sheet.consequence.final' as const;
  return act.crossPage ? ('sheet.consequence.crossPage' as const) : ('sheet.consequence.seal' as const);
}

/** Where the mark goes, in words and on a small picture of the (first) document's page. */
function PlacementSummary({ act, image }: { act: SealAct; image: ImpressionView | null | undefined }) {
  const { t } = useT();
  const pdf = usePdf(act.inputs[0] ?? '');
  const { document } = pdf;
  const pages = document?.numPages ?? 0;
  const index = act.page === 'last' ? pages - 1 : Math.min(act.page, pages) - 1;
  const where = act.crossPage
    ? t('sheet.placement.crossPage', { y: act.spot.yMm, size: act.spot.widthMm })
    : t(act.page === 'last' ? 'sheet.placement.lastPage' : 'sheet.placement.page', {
        page: act.page,
        x: act.spot.xMm,
        y: act.spot.yMm,
        size: act.spot.widthMm,
      });
  return (
    <div className="placement-summary">
      <p>{where}</p>
      {document === null ? (
        <CallState call={pdf} />
      ) : (
        <PdfPage
          document={document}
          pageIndex={Math.max(index, 0)}
          widthPx={PREVIEW_WIDTH_PX}
          label={t('sheet.previewOf', { page: index + 1 })}
          overlay={
            image
              ? (geometry) => (
                  <SealOverlay
                    geometry={geometry}
                    image={image}
                    spot={act.spot}
                    {...(act.crossPage ? { slice: { index: Math.max(index, 0), count: pages } } : {})}
                  />
                )
              : undefined
          }
        />
      )}
    </div>
  );
}
