import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useT } from '../i18n.tsx';

/** A rendered page's size: CSS pixels per PDF point, and the visible page in points. */
export interface PageGeometry {
  scale: number;
  widthPt: number;
  heightPt: number;
  /** A rectangle in PDF user space ([x1, y1, x2, y2]) as left, top, width, height in page pixels. */
  toPixels(rect: readonly [number, number, number, number]): { left: number; top: number; width: number; height: number };
}

interface Props {
  document: PDFDocumentProxy;
  /** 0-based. */
  pageIndex: number;
  widthPx: number;
  /** Drawn over the page in the page's own pixel space, e.g. the seal being placed. */
  overlay?: (geometry: PageGeometry) => ReactNode;
  label: string;
  /** Render only once scrolled into view, so a 1000-page document's thumbnails cost nothing up front. */
  lazy?: boolean;
  /** Not drawn while true: thumbnails wait for the main page, which then has pdf.js and the main thread to itself. */
  held?: boolean;
  /** Once the page is drawn, or has failed to be. */
  onSettled?: () => void;
}

const A4_RATIO = 297 / 210;

/** Whether the element has been on screen (once seen, it stays rendered). */
function useVisible(element: RefObject<Element | null>, always: boolean): boolean {
  const [seen, setSeen] = useState(always);
  useEffect(() => {
    const target = element.current;
    if (seen || target === null) return undefined;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setSeen(true));
    observer.observe(target);
    return () => observer.disconnect();
  }, [element, seen]);
  return seen;
}

/** One page drawn by pdf.js as it will print (print intent: annotations with their print appearance). */
export function PdfPage({ document, pageIndex, widthPx, overlay, label, lazy = false, held = false, onSettled }: Props) {
  const { t } = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [geometry, setGeometry] = useState<PageGeometry | null>(null);
  const [failed, setFailed] = useState(false);
  const visible = useVisible(canvas, !lazy);
  useEffect(() => {
    if (!visible || held) return undefined;
    let cancelled = false;
    let task: { cancel(): void } | null = null;
    void (async () => {
      const page = await document.getPage(pageIndex + 1);
      const natural = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: widthPx / natural.width });
      const target = canvas.current;
      if (cancelled || target === null) return;
      const ratio = window.devicePixelRatio || 1;
      target.width = Math.floor(viewport.width * ratio);
      target.height = Math.floor(viewport.height * ratio);
      target.style.width = `${viewport.width}px`;
      target.style.height = `${viewport.height}px`;
      const render = page.render({
        canvas: target,
        viewport,
        intent: 'print',
        ...(ratio === 1 ? {} : { transform: [ratio, 0, 0, ratio, 0, 0] }),
      });
      task = render;
      await render.promise;
      const toPixels: PageGeometry['toPixels'] = (rect) => {
        const [x1, y1, x2, y2] = viewport.convertToViewportRectangle([...rect]);
        return { left: Math.min(x1, x2), top: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) };
      };
      if (!cancelled) setGeometry({ scale: viewport.scale, widthPt: natural.width, heightPt: natural.height, toPixels });
    })()
      .catch(() => !cancelled && setFailed(true))
      .finally(() => !cancelled && onSettled?.());
    return () => {
      cancelled = true;
      task?.cancel();
    };
    // onSettled is told about this drawing only: a new callback is no reason to draw the page again.
  }, [document, pageIndex, widthPx, visible, held]);
  return (
    <div className="pdf-page" data-page={pageIndex + 1} data-rendered={geometry !== null} aria-label={label}>
      <canvas
        ref={canvas}
        {...(label === '' ? { 'aria-hidden': true } : { role: 'img', 'aria-label': label })}
        style={{ width: `${widthPx}px`, minHeight: geometry ? undefined : `${widthPx * A4_RATIO}px` }}
      />
      {failed && <p className="error">{t('pdf.pageFailed')}</p>}
      {geometry && overlay?.(geometry)}
    </div>
  );
}
