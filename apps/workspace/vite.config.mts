import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// Built by `npm run build` (scripts/build.js) into dist/workspace, which the API serves at /workspace/.
const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/workspace/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/workspace', import.meta.url)),
    emptyOutDir: true,
    // The API's content policy allows the app's own files only: no inline scripts or styles.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
});
