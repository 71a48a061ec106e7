#!/usr/bin/env node
// `npm start`: opens the desktop app with electron-vite preview, or says in one sentence why it cannot.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The sentence for a checkout whose Electron package came without its binary. */
export const NO_ELECTRON =
  'Electron’s binary is not installed here (npm skipped its download), so the desktop app cannot open; `npm run web` runs the same app in a browser.';

/**
 * Where Electron's binary is, or undefined when it is missing. Reads the package's own path.txt
 * instead of requiring `electron`, which would try to download the binary.
 */
export function electronBinary(electronDir) {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const require = createRequire(import.meta.url);
  const electronDir = dirname(require.resolve('electron/package.json'));
  if (electronBinary(electronDir) === undefined) {
    console.error(NO_ELECTRON);
    process.exit(1);
  }
  const result = spawnSync('npx', ['electron-vite', 'preview', ...process.argv.slice(2)], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  process.exit(result.status ?? 1);
}
