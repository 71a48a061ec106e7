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

/**
 * Suites that start something real: a core, the sandbox on loopback sockets, a database, Electron or
 * another process. Everything else under these folders is a unit suite (pure code, in-process
 * `inject()` at most), so `--project unit` is the quick check.
 */
const integration = [
  'test/chaos/**/*.test.ts',
  'test/server/{accounts,db}/**/*.test.ts',
  'test/server/http/sign-in.test.ts',
  'test/server/state/{pg-audit-log,pg-history,pg-session-store}.test.ts',
  'test/server/{no-secret-to-devices,team-link,two-instances,voice-identities}.test.ts',
  'test/web/**/*.test.ts',
  'test/core/{diagnostics,phone,receipts,recording,sandbox-mode,saved-cards,tunnel}/**/*.test.ts',
  'test/core/api/error-wording.test.ts',
  'test/core/audit/{audit-durability,audit-full-disk}.test.ts',
  'test/core/payments/{crash-restart,keying-guards,payment-reference,payments-connector}.test.ts',
  'test/core/payments/{payments-flow,payments-readings,payments-variants}.test.ts',
  'test/core/settings/{data-dir-lock,settings-race}.test.ts',
  'test/core/twilio/rate-limit.test.ts',
  'test/core/webhooks/{payments-shared-key,receiver-flood}.test.ts',
  'test/sandbox/*.test.ts',
  'test/sandbox/{callbacks,calls,faults,http,messages,recordings,setup}/**/*.test.ts',
  'test/sandbox/payments/{capture-behaviour,create-rules,idempotency,payments}.test.ts',
  'test/desktop/{app-protocol-electron,electron-smoke,sandbox-certificate,start-desktop,verify-fuses}.test.ts',
  'test/fuzz/{payment-start,payment-start-messages,ws-carrier}.test.ts',
];
const browser = ['test/e2e/**/*.test.ts', 'test/sandbox-voice/**/*.test.ts', 'test/server/e2e/**/*.test.ts'];
const excluded = ['**/node_modules/**'];

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
            'test/shared/**/*.test.ts',
            'test/core/**/*.test.ts',
            'test/sandbox/**/*.test.ts',
            'test/desktop/**/*.test.ts',
            'test/fuzz/**/*.test.ts',
            'test/server/**/*.test.ts',
          ],
          exclude: [...excluded, ...integration, ...browser],
        },
      },
      {
        extends: true,
        test: {
          // The renderer's state classes and components, mounted in jsdom.
          name: 'unit-dom',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.ts'],
          setupFiles: ['test/renderer/setup.ts'],
        },
        // Svelte's browser build, so components mount in jsdom rather than rendering on the server.
        resolve: { conditions: ['browser'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          environment: 'node',
          testTimeout: 20_000,
          include: integration,
          exclude: [...excluded, ...browser],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          environment: 'node',
          include: browser,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One Chromium at a time: the machine has two cores.
          fileParallelism: false,
          // Real Chromium, real WebRTC and real timers on a shared runner: one more try, and
          // run-tests.mjs names every test that needed it, so a flaky test is seen, not hidden.
          retry: 1,
        },
      },
    ],
  },
});
