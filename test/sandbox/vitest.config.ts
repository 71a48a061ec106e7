import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Until the root config lists test/sandbox, this runs the sandbox suite: npx vitest run -c test/sandbox/vitest.config.ts
export default defineConfig({
  resolve: { alias: { '@shared': resolve(import.meta.dirname, '../../src-shared') } },
  test: {
    name: 'sandbox',
    environment: 'node',
    include: ['test/sandbox/**/*.test.ts'],
    root: resolve(import.meta.dirname, '../..'),
  },
});
