// Bundles the desktop shell for Electron: main and the token worker as CJS (Electron's main process),
// the preload as one sandbox-safe CJS file. The renderer is built by Vite.
import { build } from 'esbuild';

// The worker-dev.mjs branch that reads import.meta is never taken in the bundle (the define above picks the file).
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  logOverride: { 'empty-import-meta': 'silent' },
};
const external = ['electron', 'pkcs11js'];

await build({
  ...common,
  entryPoints: { main: 'electron/desktop/main.ts', 'token-worker': 'electron/services/token/worker.ts' },
  outdir: 'dist/electron',
  outExtension: { '.js': '.cjs' },
  external,
  // The worker is addressed by file URL next to main.cjs.
  define: { SEALDESK_TOKEN_WORKER_FILE: '__sealdeskTokenWorkerFile' },
  banner: {
    js: 'var __sealdeskTokenWorkerFile = require("node:url").pathToFileURL(require("node:path").join(__dirname, "token-worker.cjs")).href;',
  },
});
await build({
  ...common,
  entryPoints: { preload: 'electron/desktop/preload.ts' },
  outdir: 'dist/electron',
  outExtension: { '.js': '.cjs' },
  external: ['electron'],
});
