/**
 * The renderer's Content-Security-Policy, the same in both shells: own scripts only, no eval, no
 * remote content. `connect-src` allows the web shell's loopback WebSocket and nothing else.
 */
export const CONTENT_SECURITY_POLICY = [
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
  "frame-ancestors 'none'",
].join('; ');
