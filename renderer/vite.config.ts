import react from '@vitejs/plugin-react';
import { cpSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { META_CONTENT_SECURITY_POLICY } from '../shared/security.ts';

const outDir = fileURLToPath(new URL('../dist/renderer', import.meta.url));

/** pdf.js fetches its CMaps (CJK text in non-embedded fonts) and the 14 standard fonts at run time; they ship beside the app. */
function pdfjsAssets(): Plugin {
  const source = fileURLToPath(new URL('../node_modules/pdfjs-dist/', import.meta.url));
  return {
    name: 'sealdesk-pdfjs-assets',
    closeBundle() {
      for (const folder of ['cmaps', 'standard_fonts']) cpSync(`${source}${folder}`, `${outDir}/pdfjs/${folder}`, { recursive: true });
    },
  };
}

/** The CSP as a <meta> in the built page, which file:// (the desktop window) loads without headers. */
function cspMeta(): Plugin {
  return {
    name: 'sealdesk-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: META_CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react(), pdfjsAssets(), cspMeta()],
  build: {
    outDir,
    emptyOutDir: true,
    // The CSP forbids inline scripts and styles, so nothing may be inlined as a data: module.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
  },
});
