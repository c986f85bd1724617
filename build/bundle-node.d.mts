import type { BuildOptions, BuildResult } from 'esbuild';

export const NATIVE_ADDONS: readonly string[];
export function bundleWithTokenWorker(entry: Record<string, string>, outdir: string, extra?: BuildOptions): Promise<BuildResult>;
export function bundlePreload(entry: Record<string, string>, outdir: string): Promise<BuildResult>;
