import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The operator UI bundle (renderer/), served by the web shell and loaded by the Electron
 * window from `dist/renderer`. No inline scripts or styles are emitted, so the strict
 * CSP (`script-src 'self'; style-src 'self'`) holds.
 */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // V8's explicit compile hint: compile every function of the bundle while the page
    // loads instead of on first call. Opening a 50,000-node DM tree calls much of the UI
    // for the first time, and lazy compilation was ~20–25 ms of that click; page load
    // pays ~80 ms more instead (docs/PERFORMANCE.md, session 6). `postBanner` goes in
    // after minification, which would strip a comment, and the source map is shifted.
    rollupOptions: { output: { postBanner: '//# allFunctionsCalledOnLoad' } },
  },
});
