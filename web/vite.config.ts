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
    // The playground's Monaco bundle would add tens of megabytes of maps to every install.
    sourcemap: false,
    // The playground bundles the Monaco editor; its chunks are large by nature.
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        playground: fileURLToPath(new URL('playground.html', import.meta.url)),
      },
      onwarn(warning, warn) {
        // GraphiQL's React Compiler output carries "use no memo" directives; dropping them is harmless.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
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
      '/export': { target: apiTarget },
      // A report run's download (the dashboard's own /reports pages stay with Vite).
      '^/reports/.+/export': { target: apiTarget },
      '/healthz': { target: apiTarget },
      '/readyz': { target: apiTarget },
    },
  },
  preview: {
    host: '127.0.0.1',
  },
});
