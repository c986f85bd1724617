// One esbuild setup for everything that runs under Node or Electron's main process: CJS, the token
// worker beside the entry (addressed by file URL), the native addons (pkcs11js, and better-sqlite3 for the
// demo center) and electron left to be required at run time.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
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

/**
 * esbuild writes non-ASCII characters in strings as escapes but leaves them in regular expression
 * literals, and one such character anywhere makes V8 keep the whole bundle as a two-byte string (5 MB
 * more in every process). These packages have them: their sources get every non-ASCII character as a
 * `\uXXXX` escape, which means the same in their strings, templates (none tagged) and patterns.
 */
const NON_ASCII_PATTERN_PACKAGES = ['pinyin-pro'];
const asciiPatterns = {
  name: 'ascii-patterns',
  setup(build) {
    const filter = new RegExp(`/node_modules/(${NON_ASCII_PATTERN_PACKAGES.join('|')})/.*\\.m?js$`);
    build.onLoad({ filter }, async ({ path }) => ({ contents: escapeNonAscii(await readFile(path, 'utf8')), loader: 'js' }));
    build.onEnd(async ({ metafile }) => {
      for (const output of Object.keys(metafile?.outputs ?? {}).filter((path) => path.endsWith('.cjs'))) {
        const text = await readFile(resolve(build.initialOptions.absWorkingDir ?? '', output), 'utf8');
        const at = text.search(/[\u0080-\uffff]/);
        if (at >= 0)
          throw new Error(`${output} is not ASCII near ${JSON.stringify(text.slice(at - 60, at + 20))}: escape it at the source`);
      }
    });
  },
};

function escapeNonAscii(source) {
  return source.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Packages only code loaded on demand uses: exceljs for an .xlsx report (`await import('exceljs')`) and
 * pinyin-pro for the PIN rules' names in pinyin (in token/holder-facts.ts, itself imported when a PIN is
 * set). Each is bundled into its own file beside the entry and required from there the first time, instead
 * of being read and compiled by every process of the app at start: exceljs with its zip and XML libraries
 * is 1.7 MB of a 4.8 MB bundle and 5 MB of every process's RSS, pinyin-pro's dictionary 0.5 MB.
 */
const LAZY_PACKAGES = ['exceljs', 'pinyin-pro'];
const lazyPackages = {
  name: 'lazy-packages',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(${LAZY_PACKAGES.join('|')})$`) }, ({ path, kind }) =>
      kind === 'entry-point' ? undefined : { path, namespace: 'lazy-packages' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-packages' }, ({ path }) => ({
      contents: `module.exports = require(require("node:path").join(__dirname, ${JSON.stringify(`${path}.cjs`)}));`,
      loader: 'js',
    }));
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
  plugins: [zodWithoutLocales, asciiPatterns, lazyPackages],
  metafile: true,
  minifyWhitespace: true,
  minifySyntax: true,
};

/** Loaded from disk at run time: electron-builder.yml packages them outside the asar archive. */
export const NATIVE_ADDONS = ['pkcs11js', 'better-sqlite3'];

/** Bundles `entry` (a name → source map) into `outdir` with token-worker.cjs and the lazy packages next to it; `extra` adds esbuild options. */
export function bundleWithTokenWorker(entry, outdir, extra = {}) {
  return build({
    ...common,
    ...extra,
    entryPoints: {
      ...entry,
      'token-worker': 'electron/services/token/worker.ts',
      ...Object.fromEntries(LAZY_PACKAGES.map((name) => [name, name])),
    },
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
