/** Vite's `?url` imports: the built file's URL, so the CSP's 'self' covers it. */
declare module '*?url' {
  const url: string;
  export default url;
}
