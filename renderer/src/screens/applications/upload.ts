import { UPLOAD_CHUNK_BYTES } from '../../../../shared/api/index.ts';
import type { ApiClient } from '../../api/client.ts';

/** Sends a file in pieces the transport accepts and returns the upload id to attach it by. */
export async function uploadFile(api: ApiClient, file: File, onProgress: (fraction: number) => void): Promise<string> {
  const uploadId = crypto.randomUUID();
  let offset = 0;
  do {
    const bytes = new Uint8Array(await file.slice(offset, offset + UPLOAD_CHUNK_BYTES).arrayBuffer());
    await api.call('applications.upload', { uploadId, offset, base64: toBase64(bytes) });
    offset += bytes.length;
    onProgress(file.size === 0 ? 1 : offset / file.size);
  } while (offset < file.size);
  return uploadId;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
