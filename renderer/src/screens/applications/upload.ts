import { UPLOAD_CHUNK_BYTES } from '../../../../shared/api/index.ts';
import type { ApiClient } from '../../api/client.ts';
import { base64Of } from '../../files.ts';

/** Sends a file in pieces the transport accepts and returns the upload id to attach it by. */
export async function uploadFile(api: ApiClient, file: File, onProgress: (fraction: number) => void): Promise<string> {
  const uploadId = crypto.randomUUID();
  let offset = 0;
  do {
    const chunk = file.slice(offset, offset + UPLOAD_CHUNK_BYTES);
    await api.call('applications.upload', { uploadId, offset, base64: await base64Of(chunk) });
    offset += chunk.size;
    onProgress(file.size === 0 ? 1 : offset / file.size);
  } while (offset < file.size);
  return uploadId;
}
