import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parsePlist } from 'plist';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from './built-app';

const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const targets = (platform: 'win' | 'mac' | 'linux') =>
  (config[platform].target as (string | { target: string; arch?: string[] })[]).map((t) =>
    typeof t === 'string' ? { target: t, arch: undefined } : t,
  );
const entitlements = (file: string) =>
  parsePlist(readFileSync(join(ROOT, file), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('names the app and packs it into an asar archive', () => {
    expect(config.appId).toBe('com.callpay.desktop');
    expect(config.productName).toBe('Callpay');
    expect(config.asar).toBe(true);
    expect(config.directories.buildResources).toBe('build');
  });

  it('ships only the built bundles and the manifest, never sources, tests or maps', () => {
    expect(config.files).toEqual(['out/**', 'package.json', '!**/*.map']);
    expect(pkg.main).toBe('out/main/index.js');
    for (const pattern of config.files as string[]) expect(pattern).not.toMatch(/src-|test|\.env/);
  });

  it('builds a Windows NSIS installer for x64 and arm64', () => {
    expect(targets('win')).toEqual([{ target: 'nsis', arch: ['x64', 'arm64'] }]);
    expect(config.nsis.oneClick).toBe(false);
  });

  it('builds a macOS dmg and zip for x64 and arm64, hardened and notarized', () => {
    expect(targets('mac')).toEqual([
      { target: 'dmg', arch: ['x64', 'arm64'] },
      { target: 'zip', arch: ['x64', 'arm64'] },
    ]);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.notarize).toBe(true);
  });

  it('keeps notarization and signing credentials out of the file: they come from the environment', () => {
    const text = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
    expect(text).not.toMatch(/appleId:|appleIdPassword:|teamId:|password:|certificateFile:|cscLink:/i);
    const workflow = readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8');
    for (const name of ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID', 'CSC_LINK']) {
      expect(workflow).toContain(`${name}: \${{ secrets.${name} }}`);
    }
  });

  it('explains why it wants the microphone, in the words macOS shows the user', () => {
    const usage = config.mac.extendInfo.NSMicrophoneUsageDescription as string;
    expect(usage).toMatch(/microphone/i);
    expect(usage.length).toBeGreaterThan(30);
    expect(config.mac.extendInfo.NSCameraUsageDescription).toBeUndefined();
  });

  it('builds an AppImage and a deb for Linux', () => {
    expect(targets('linux').map((t) => t.target)).toEqual(['AppImage', 'deb']);
  });

  it('registers as a handler of tel: links', () => {
    expect(config.protocols).toEqual([{ name: 'Telephone number', schemes: ['tel'] }]);
    expect(config.linux.mimeTypes).toContain('x-scheme-handler/tel');
  });

  it('offers itself for tel: links on Windows, and the uninstaller takes every key back', () => {
    expect(config.nsis.include).toBe('build/installer.nsh');
    const script = readFileSync(join(ROOT, config.nsis.include), 'utf8');
    const macro = (name: string) =>
      new RegExp(`!macro ${name}\\n([\\s\\S]*?)!macroend`).exec(script)?.[1] ?? '';
    const install = macro('customInstall');
    const uninstall = macro('customUnInstall');
    // Windows' Default apps lists an app by its RegisteredApplications capabilities.
    expect(install).toContain(
      'WriteRegStr SHCTX "Software\\RegisteredApplications" "Callpay" "Software\\Callpay\\Capabilities"',
    );
    expect(install).toContain('"Software\\Callpay\\Capabilities\\URLAssociations" "tel" "Callpay.tel"');
    // The link reaches the app as an argument, where the single-instance lock hands it over.
    expect(install).toContain(
      `"Software\\Classes\\Callpay.tel\\shell\\open\\command" "" '"$INSTDIR\\\${APP_EXECUTABLE_FILENAME}" "%1"'`,
    );
    // Per user or per machine, as the install was: never a fixed hive.
    expect(script).not.toMatch(/\b(HKCU|HKLM|HKCR)\b/);
    const written = [...install.matchAll(/WriteRegStr SHCTX "([^"]+)" "([^"]*)"/g)].map(
      (m): [string, string] => [m[1]!, m[2]!],
    );
    expect(written.length).toBeGreaterThan(0);
    const removedKeys = [...uninstall.matchAll(/DeleteRegKey (?:\/ifempty )?SHCTX "([^"]+)"/g)].map(
      (m) => m[1]!,
    );
    const removedValues = [...uninstall.matchAll(/DeleteRegValue SHCTX "([^"]+)" "([^"]*)"/g)].map(
      (m) => `${m[1]}|${m[2]}`,
    );
    for (const [key, value] of written) {
      const gone =
        removedKeys.some((k) => key === k || key.startsWith(`${k}\\`)) ||
        removedValues.includes(`${key}|${value}`);
      expect(gone, `${key} ${value}`).toBe(true);
    }
  });

  it('flips the fuses of the security baseline', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
    });
  });

  it('publishes releases where electron-updater looks for them', () => {
    expect(config.publish).toMatchObject({ provider: 'github' });
    expect(pkg.dependencies['electron-updater']).toBeDefined();
  });

  it('has the per-OS dist scripts', () => {
    expect(pkg.scripts['dist:win']).toMatch(/electron-vite build && electron-builder --win$/);
    expect(pkg.scripts['dist:mac']).toMatch(/electron-vite build && electron-builder --mac$/);
    expect(pkg.scripts['dist:linux']).toMatch(/electron-vite build && electron-builder --linux$/);
  });
});

describe('macOS entitlements', () => {
  it('both plists exist where electron-builder.yml points', () => {
    expect(existsSync(join(ROOT, config.mac.entitlements))).toBe(true);
    expect(existsSync(join(ROOT, config.mac.entitlementsInherit))).toBe(true);
  });

  it.each(['build/entitlements.mac.plist', 'build/entitlements.mac.inherit.plist'])(
    '%s grants the microphone and the JIT, and nothing more',
    (file) => {
      expect(entitlements(file)).toEqual({
        'com.apple.security.cs.allow-jit': true,
        'com.apple.security.device.audio-input': true,
      });
    },
  );
});

describe('the release workflow', () => {
  const workflow = parse(readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8'));
  const job = workflow.jobs.package;

  it('builds each OS on its own hosted runner', () => {
    const matrix = job.strategy.matrix.include as { os: string; platform: string }[];
    expect(matrix.map((m) => [m.os, m.platform])).toEqual([
      ['windows-latest', 'win'],
      ['macos-latest', 'mac'],
      ['ubuntu-latest', 'linux'],
    ]);
    expect(job['runs-on']).toBe('${{ matrix.os }}');
  });

  it('uses a Node that Electron’s packaging tools accept', () => {
    const setup = (job.steps as { uses?: string; with?: { 'node-version'?: number } }[]).find((s) =>
      s.uses?.startsWith('actions/setup-node'),
    );
    const required = JSON.parse(readFileSync(join(ROOT, 'node_modules/@electron/get/package.json'), 'utf8'))
      .engines.node as string;
    const major = Number(/(\d+)/.exec(required)![1]);
    expect(setup?.with?.['node-version']).toBeGreaterThanOrEqual(major);
  });

  it('runs the checks, packages with the dist script, and verifies the fuses it flipped', () => {
    const runs = (job.steps as { run?: string }[]).map((s) => s.run ?? '');
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npx vitest run --project unit --project integration test/desktop');
    expect(runs).toContain('npm run test:security');
    expect(runs).toContain('npm run dist:${{ matrix.platform }} -- --publish always');
    expect(runs.some((r) => r.startsWith('node test/desktop/verify-fuses.mjs'))).toBe(true);
  });
});
