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
  },
});
