import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const alias = {
  '@shared': resolve(import.meta.dirname, 'src-shared'),
  // The SDK's own signaling client, which its package does not export (see loopback-signaling.ts).
  '@twilio/voice-sdk/pstream': resolve(
    import.meta.dirname,
    'node_modules/@twilio/voice-sdk/esm/twilio/pstream.js',
  ),
};

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src-main/index.ts') } },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { preload: resolve(import.meta.dirname, 'src-main/preload.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    resolve: { alias },
    plugins: [svelte({ configFile: resolve(import.meta.dirname, 'svelte.config.js') })],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified by default; it ships to every agent's machine.
      minify: true,
      // One chunk, loaded from disk at start (~500 KB, most of it the Voice SDK); bench reports its size.
      chunkSizeWarningLimit: 700,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src-renderer/index.html') } },
    },
  },
});
