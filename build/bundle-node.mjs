// One esbuild setup for everything that runs under Node or Electron's main process: CJS, the token
// worker beside the entry (addressed by file URL), the native addons (pkcs11js, and better-sqlite3 for the
// demo center) and electron left to be required at run time.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/**
 * zod re-exports all its ~40 message locales as `z.locales`; SealDesk's messages come from its own
 * catalogs and zod's default English one is imported on its own, so the bundle leaves the rest out
 * (350 KB less to load in every process and in the token worker).
 */
const zodWithoutLocales = {
  name: 'zod-without-locales',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, ({ importer }) =>
      importer.includes('/node_modules/zod/') ? { path: 'zod-locales', namespace: 'zod-without-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-without-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

const common = {
  absWorkingDir: fileURLToPath(new URL('..', import.meta.url)),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // The worker-dev.mjs branch that reads import.meta is never taken in a bundle (the define picks the file).
  logOverride: { 'empty-import-meta': 'silent' },
  outExtension: { '.js': '.cjs' },
  plugins: [zodWithoutLocales],
  minifyWhitespace: true,
  minifySyntax: true,
};

/** Loaded from disk at run time: electron-builder.yml packages them outside the asar archive. */
export const NATIVE_ADDONS = ['pkcs11js', 'better-sqlite3'];

/** Bundles `entry` (a name → source map) into `outdir` with token-worker.cjs next to it; `extra` adds esbuild options. */
export function bundleWithTokenWorker(entry, outdir, extra = {}) {
  return build({
    ...common,
    ...extra,
    entryPoints: { ...entry, 'token-worker': 'electron/services/token/worker.ts' },
    outdir,
    external: [...NATIVE_ADDONS, 'electron'],
    define: { SEALDESK_TOKEN_WORKER_FILE: '__sealdeskTokenWorkerFile' },
    banner: {
      js: 'var __sealdeskTokenWorkerFile = require("node:url").pathToFileURL(require("node:path").join(__dirname, "token-worker.cjs")).href;',
    },
  });
}

/** The sandboxed preload: one file, nothing but electron outside it. */
export function bundlePreload(entry, outdir) {
  return build({ ...common, entryPoints: entry, outdir, external: ['electron'] });
}
