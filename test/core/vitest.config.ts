import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Until the root config lists test/core, this runs the core suite: npx vitest run -c test/core/vitest.config.ts
export default defineConfig({
  resolve: { alias: { '@shared': resolve(import.meta.dirname, '../../src-shared') } },
  test: {
    name: 'core',
    environment: 'node',
    include: ['test/core/**/*.test.ts'],
    root: resolve(import.meta.dirname, '../..'),
  },
});
