import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

// The web console (docs/EXTENSIONS.md §12): built by `npm run build:ui` (the `prepare` script runs it
// on `npm ci`) into ui/dist, which the registry serves at /ui. Preact's JSX through Vite's own oxc
// transform: no Babel preset needed.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/ui/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 200 },
  logLevel: 'warn',
})
