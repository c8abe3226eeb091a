import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

// In production the API serves `dist/` on the same origin; in dev, Vite proxies `/api` to it.
export default defineConfig({
  plugins: [solid()],
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  build: { outDir: 'dist', sourcemap: true, target: 'es2022' },
});
