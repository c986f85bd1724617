import { PT_PER_MM, type PageWidget } from '../../../../shared/model/seal.ts';
import type { PageGeometry } from '../../pdf/PdfPage.tsx';
import { useT } from '../../i18n.tsx';

interface Props {
  geometry: PageGeometry;
  /** The widgets on this page. */
  widgets: readonly PageWidget[];
  /** Those the new signature would cover. */
  covered: readonly PageWidget[];
  /** The empty field chosen to sign into. */
  field: string | null;
  /** Thumbnails show the boxes without their names. */
  labelled: boolean;
}

/** Signatures already on the page (and empty signature fields), outlined where they print, with who signed. */
export function PageWidgets({ geometry, widgets, covered, field, labelled }: Props) {
  const { t } = useT();
  const pxPerMm = geometry.scale * PT_PER_MM;
  return widgets.map((widget) => {
    const { signer, fieldName, rect } = widget;
    const label = signer
      ? signer.reason
        ? t('seals.widget.signed', { reason: signer.reason, name: signer.name })
        : signer.name
      : t('seals.widget.empty', { name: fieldName });
    const kind = signer === null ? (fieldName === field ? 'chosen' : 'empty') : covered.includes(widget) ? 'covered' : 'signed';
    return (
      <div
        key={`${fieldName}:${rect.leftMm}:${rect.topMm}`}
        className={`page-widget ${kind}`}
        data-testid="page-widget"
        data-kind={kind}
        title={label}
        style={{
          left: `${rect.leftMm * pxPerMm}px`,
          top: `${rect.topMm * pxPerMm}px`,
          width: `${rect.widthMm * pxPerMm}px`,
          height: `${rect.heightMm * pxPerMm}px`,
        }}
      >
        {labelled && <span>{label}</span>}
      </div>
    );
  });
}
