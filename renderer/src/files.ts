/** A file (or a slice of one) as base64, the form binary content takes through the API. */
export function base64Of(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(blob);
  });
}

/** The file's name without its folder, whichever separator the path uses (Windows or POSIX). */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
