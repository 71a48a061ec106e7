// What ships: out/ plus the production dependencies electron-builder adds. localtunnel's axios
// 0.21.4 (three advisories, never called) must be in neither.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, MAIN_BUNDLE, ROOT } from './built-app';

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );

beforeAll(() => ensureBuilt(), 120_000);

describe('the shipped bundle', () => {
  it('carries the localtunnel client with axios left out of every file in out/', () => {
    const main = readFileSync(MAIN_BUNDLE, 'utf8');
    expect(main).toContain('localtunnel:client');
    expect(main).toContain('tunnel_http_unavailable');
    for (const file of files(join(ROOT, 'out'))) {
      const text = readFileSync(file, 'utf8');
      // Markers of axios itself: its error helper, its adapters, its version banner.
      expect(text, file).not.toMatch(/isAxiosError|axios\/lib\/|xhrAdapter|0\.21\.4/);
    }
  });

  it('lists localtunnel, and so axios 0.21.4, only as build-time packages electron-builder leaves out', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.dependencies.localtunnel).toBeUndefined();
    expect(pkg.devDependencies.localtunnel).toBeDefined();
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
    const old = Object.entries(lock.packages as Record<string, { version: string; dev?: boolean }>).filter(
      ([path, entry]) => path.endsWith('node_modules/axios') && entry.version.startsWith('0.'),
    );
    expect(old.length).toBeGreaterThan(0);
    for (const [path, entry] of old) expect(entry.dev, path).toBe(true);
  });
});
