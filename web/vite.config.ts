import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The web board: built into dist/web, which the API serves (api/web-board.ts). `npx vite web`
 * serves it with hot reload on :5173 and sends /api to a Baton started with `npm start`.
 */
export default defineConfig({
  root: __dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.resolve(__dirname, '..', 'dist', 'web'),
    emptyOutDir: true,
    // React changes less often than the app: its own chunk stays cached across releases. The charts
    // load with the POC page that uses them (a lazy import).
    rollupOptions: {
      output: {
        manualChunks: (id) =>
          /node_modules\/(react|react-dom|scheduler|react-router)\//.test(id) ? 'react' : undefined,
      },
    },
    chunkSizeWarningLimit: 800,
    sourcemap: true,
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
