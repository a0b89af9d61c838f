import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is loaded from app://qunzhu/ in Electron and from the bridge at / in browser
// mode, so asset URLs are relative. No inline scripts: the CSP is script-src 'self'.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 3000,
    sourcemap: false,
  },
});
