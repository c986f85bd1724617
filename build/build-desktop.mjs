// Bundles the desktop shell for Electron: main and the token worker as CJS (Electron's main process),
// the preload as one sandbox-safe CJS file. The renderer is built by Vite.
import { bundlePreload, bundleWithTokenWorker } from './bundle-node.mjs';

await bundleWithTokenWorker({ main: 'electron/desktop/main.ts' }, 'dist/electron');
await bundlePreload({ preload: 'electron/desktop/preload.ts' }, 'dist/electron');
