import { PDF_RANGE_MAX_BYTES } from '../../../shared/api/index.ts';
import { bytesFromBase64 } from './base64.ts';
import type { ApiClient } from './client.ts';

/**
 * Saves a file the service wrote through the browser's download: streamed by the web shell's download
 * route, else read in ranges like the page viewer reads.
 */
export async function downloadFile(api: ApiClient, path: string): Promise<void> {
  const name = path.split(/[\\/]/).pop() ?? 'document.pdf';
  const streamed = api.fetchFile(path);
  if (streamed !== null) {
    saveBlob(await streamed, name);
    return;
  }
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let offset = 0;
  for (;;) {
    const { size, base64 } = await api.call('documents.read', { path, offset, length: PDF_RANGE_MAX_BYTES });
    const bytes = bytesFromBase64(base64);
    parts.push(bytes);
    offset += bytes.length;
    if (offset >= size || bytes.length === 0) break;
  }
  saveBlob(new Blob(parts, { type: 'application/pdf' }), name);
}

/** Hands bytes made in the page to the browser's download (the desktop shell asks where to save). */
export function saveBlob(blob: Blob, name: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  // The download reads the URL after this returns; it is released once that has surely happened.
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
