import { PDF_RANGE_MAX_BYTES } from '../../../shared/api/index.ts';
import type { ApiClient } from './client.ts';

/** Saves a file the service wrote through the browser's download, read in ranges like the page viewer reads. */
export async function downloadFile(api: ApiClient, path: string): Promise<void> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let offset = 0;
  for (;;) {
    const { size, base64 } = await api.call('documents.read', { path, offset, length: PDF_RANGE_MAX_BYTES });
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    parts.push(bytes);
    offset += bytes.length;
    if (offset >= size || bytes.length === 0) break;
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob(parts, { type: 'application/pdf' }));
  link.download = path.split(/[\\/]/).pop() ?? 'document.pdf';
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
