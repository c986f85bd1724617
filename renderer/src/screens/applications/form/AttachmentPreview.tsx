import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useState } from 'react';
import type { AttachedFile } from '../../../../../shared/model/application.ts';
import { useT } from '../../../i18n.tsx';
import { openPdfBytes } from '../../../pdf/open.ts';
import { PdfPage } from '../../../pdf/PdfPage.tsx';

/** The pages of a PDF attachment shown, at most; the rest is said in words. */
const PREVIEW_PAGES = 3;
const PREVIEW_WIDTH_PX = 420;

type Shown = { kind: 'image'; url: string } | { kind: 'pdf'; document: PDFDocumentProxy };

/** An attached scan or PDF shown in the page, decrypted from the store: what will be sent is what is seen. */
export function AttachmentPreview({ file, read }: { file: AttachedFile; read: () => Promise<Uint8Array<ArrayBuffer>> }) {
  const { t, error: describe } = useT();
  const [shown, setShown] = useState<Shown | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    let release = (): void => undefined;
    read()
      .then(async (bytes) => {
        if (file.mediaType === 'application/pdf') {
          const document = await openPdfBytes(bytes);
          release = () => void document.destroy();
          return { kind: 'pdf', document } as const;
        }
        const url = URL.createObjectURL(new Blob([bytes], { type: file.mediaType }));
        release = () => URL.revokeObjectURL(url);
        return { kind: 'image', url } as const;
      })
      .then(
        (next) => (cancelled ? release() : setShown(next)),
        (error: unknown) => !cancelled && setFailure(describe(error)),
      );
    return () => {
      cancelled = true;
      release();
    };
    // The file's digest names its content: a replaced file is read again.
  }, [file.sha256]);

  if (failure !== null) return <p className="error">{failure}</p>;
  if (shown === null) return <p className="hint">{t('common.loading')}</p>;
  if (shown.kind === 'image')
    return <img className="attachment-image" src={shown.url} alt={t('apps.attach.previewOf', { name: file.name })} />;
  const pages = Math.min(shown.document.numPages, PREVIEW_PAGES);
  return (
    <div className="attachment-pages">
      {Array.from({ length: pages }, (_, index) => (
        <PdfPage
          key={index}
          document={shown.document}
          pageIndex={index}
          widthPx={PREVIEW_WIDTH_PX}
          label={t('apps.attach.previewPage', { name: file.name, page: index + 1 })}
        />
      ))}
      {shown.document.numPages > pages && <p className="hint">{t('apps.attach.morePages', { count: shown.document.numPages - pages })}</p>}
    </div>
  );
}
