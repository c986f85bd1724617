/** The directives a `<meta>` policy can carry (frame-ancestors is ignored there). */
const DOCUMENT_DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  // pdf.js draws pages in a worker loaded from the app's own files.
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "base-uri 'none'",
  "form-action 'none'",
];

/**
 * The renderer's Content-Security-Policy, the same in both shells: own scripts only, no eval, no
 * remote content. `connect-src` allows the web shell's loopback WebSocket and nothing else.
 */
export const CONTENT_SECURITY_POLICY = [...DOCUMENT_DIRECTIVES, "frame-ancestors 'none'"].join('; ');

/**
 * The same policy as a `<meta>` in index.html: the desktop window loads its page from file://, which
 * gets no response headers, so without the meta it would run with no CSP at all.
 */
export const META_CONTENT_SECURITY_POLICY = DOCUMENT_DIRECTIVES.join('; ');
