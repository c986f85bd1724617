import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useState } from 'react';
import { useApi } from '../api/context.tsx';
import { openPdf } from './open.ts';

export interface PdfState {
  document: PDFDocumentProxy | null;
  error: unknown;
  loading: boolean;
}

/** The open document for `path` (null path: nothing open); the previous one is destroyed when the path changes. */
export function usePdf(path: string | null): PdfState {
  const api = useApi();
  const [state, setState] = useState<PdfState>({ document: null, error: null, loading: path !== null });
  useEffect(() => {
    setState({ document: null, error: null, loading: path !== null });
    if (path === null) return undefined;
    let opened: PDFDocumentProxy | null = null;
    let cancelled = false;
    openPdf(api, path).then(
      (document) => {
        opened = document;
        if (cancelled) void document.destroy();
        else setState({ document, error: null, loading: false });
      },
      (error: unknown) => !cancelled && setState({ document: null, error, loading: false }),
    );
    return () => {
      cancelled = true;
      void opened?.destroy();
    };
  }, [api, path]);
  return state;
}
