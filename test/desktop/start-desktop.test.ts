import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronBinary, NO_ELECTRON } from '../../scripts/start-desktop.mjs';
import { tempDir } from '../helpers/temp-dir';

const ROOT = resolve(import.meta.dirname, '../..');
const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
const missing = electronBinary(electronDir) === undefined;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('npm start', () => {
  it.skipIf(!missing)(
    'says in one sentence that Electron is missing and that npm run web runs the app',
    () => {
      const run = spawnSync(process.execPath, [join(ROOT, 'scripts/start-desktop.mjs')], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '' },
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(`${NO_ELECTRON}\n`);
      expect(NO_ELECTRON).toMatch(
        /^Electron’s binary is not installed here.*`npm run web` runs the same app in a browser\.$/,
      );
      expect(run.stderr).not.toMatch(/uninstall|Downloading/);
    },
  );

  it('finds Electron’s binary the way its package records it, and nothing when the download was skipped', async () => {
    const dir = await tempDir('electron-pkg-');
    try {
      await writeFile(join(dir.path, 'path.txt'), 'electron');
      expect(electronBinary(dir.path)).toBeUndefined();
      await mkdir(join(dir.path, 'dist'));
      await writeFile(join(dir.path, 'dist', 'electron'), '');
      expect(electronBinary(dir.path)).toBe(join(dir.path, 'dist', 'electron'));
    } finally {
      await dir.cleanup();
    }
  });

  it('is the launcher, not electron-vite preview straight away', () => {
    expect(pkg.scripts.start).toBe('node scripts/start-desktop.mjs');
  });
});

const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string }; hasInstallScript?: boolean }>;
};
const packageName = (path: string) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

describe('the Node versions each part needs', () => {
  // The lowest major a range admits; 0 for ranges without a number ("*").
  const major = (range: string) => Number(/(\d+)/.exec(range)?.[1] ?? 0);
  const ours = major(pkg.engines.node);

  it('names every installed package that asks for a newer Node than ours, so npm’s warnings are explained', () => {
    const newer = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.engines?.node && !p.engines.node.includes('||'))
      .filter(([, p]) => major(p.engines!.node!) > ours)
      .map(([path]) => packageName(path));
    const explained = [...pkg.nodeRequirements.packageTools, ...pkg.nodeRequirements.runOn20Anyway];
    expect([...new Set(newer)].sort()).toEqual([...explained].sort());
    expect(pkg.nodeRequirements['run and test']).toBe(pkg.engines.node);
  });

  it('packages on the Node that Electron’s tools need, and the README says both', () => {
    const electronGet = lock.packages['node_modules/@electron/get']!.engines!.node!;
    expect(pkg.nodeRequirements.package).toBe(electronGet.replace(/\s/g, ''));
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('Node 20.19');
    expect(readme).toContain('Node 22.12');
    expect(readme).toContain('EBADENGINE');
  });
});

describe('dependencies’ install scripts', () => {
  // npm 11 skips an install script that package.json's allowScripts does not name, and only says so
  // in a warning: a new dependency with one must be allowed or denied here on purpose.
  it('allows or denies every installed package that has one, and names no other', () => {
    const scripted = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.hasInstallScript)
      .map(([path]) => packageName(path));
    expect([...new Set(scripted)].sort()).toEqual(Object.keys(pkg.allowScripts).sort());
  });
});
