// Vite's `?worker&url` import: the URL of the bundled worker script (browser builds only).
declare module "*?worker&url" {
  const url: string;
  export default url;
}
