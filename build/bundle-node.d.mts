export function bundleWithTokenWorker(entry: Record<string, string>, outdir: string): Promise<unknown>;
export function bundlePreload(entry: Record<string, string>, outdir: string): Promise<unknown>;
