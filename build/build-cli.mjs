// Bundles the CLI (dist/cli/sealdesk.cjs, its token worker beside it), which bin/sealdesk.mjs runs in
// process while it is newer than the sources: a command starts in a fraction of the time tsx takes.
import { bundleWithTokenWorker } from './bundle-node.mjs';

await bundleWithTokenWorker({ sealdesk: 'electron/cli/main.ts' }, 'dist/cli', {
  // bin/code-cache.mjs runs the bundle from V8's code cache, and Node 20 loses a cached script's
  // import() callback: a library's `await import('crypto')` becomes a require, as everything else is.
  supported: { 'dynamic-import': false },
});
