import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env.MAESTRO_API_URL ?? 'http://127.0.0.1:4000';

/**
 * The dashboard (index.html) and the GraphQL playground (playground.html),
 * built into web/dist, which the API process serves at / and /playground.
 */
// Vite reads the default export.
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // The playground bundles the Monaco editor; its chunks are large by nature.
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        playground: fileURLToPath(new URL('playground.html', import.meta.url)),
      },
    },
  },
  worker: {
    format: 'es',
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/graphql': { target: apiTarget, ws: true, changeOrigin: false },
      '/healthz': { target: apiTarget },
      '/readyz': { target: apiTarget },
    },
  },
  preview: {
    host: '127.0.0.1',
  },
});
