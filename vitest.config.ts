import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
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
  plugins: [svelte({ configFile: resolve(import.meta.dirname, 'svelte.config.js') })],
  resolve: { alias },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          // Generous for a loaded two-core CI runner; a test that hangs still fails.
          testTimeout: 20_000,
          include: [
            'test/unit/**/*.test.ts',
            'test/integration/**/*.test.ts',
            'test/core/**/*.test.ts',
            'test/web/**/*.test.ts',
            'test/sandbox/**/*.test.ts',
            'test/phone/**/*.test.ts',
            'test/desktop/**/*.test.ts',
            'test/chaos/**/*.test.ts',
            'test/fuzz/**/*.test.ts',
            'test/server/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', 'test/server/e2e/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          environment: 'node',
          include: [
            'test/e2e/**/*.test.ts',
            'test/sandbox-voice/**/*.test.ts',
            'test/server/e2e/**/*.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One Chromium at a time: the machine has two cores.
          fileParallelism: false,
          // Real Chromium, real WebRTC and real timers on a shared runner: one more try, and
          // run-tests.mjs names every test that needed it, so a flaky test is seen, not hidden.
          retry: 1,
        },
      },
      {
        extends: true,
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.ts'],
          setupFiles: ['test/renderer/setup.ts'],
        },
        // Svelte's browser build, so components mount in jsdom rather than rendering on the server.
        resolve: { conditions: ['browser'] },
      },
    ],
  },
});
