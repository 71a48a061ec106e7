import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFailures, REVIEWED, scan, verdict, type Finding } from './electronegativity.mjs';
import { tempDir } from '../helpers/temp-dir';

const finding = (change: Partial<Finding>): Finding => ({
  id: 'SANDBOX_JS_CHECK',
  severity: 'MEDIUM',
  confidence: 'FIRM',
  file: 'main/index.js',
  location: '1:1',
  sample: 'new BrowserWindow({})',
  description: 'Use sandbox for untrusted origins',
  ...change,
});

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe("reading Electronegativity's errors", () => {
  it('counts a file the tool could not parse as not scanned, but not one it parsed another way', () => {
    const errors = [
      { file: 'main/index.js', message: 'Unknown node type ClassPrivateProperty.', tolerable: false },
      { file: 'renderer/a.js', message: 'fell back to Babel', tolerable: true },
    ];
    expect(parseFailures(errors)).toEqual(['main/index.js: Unknown node type ClassPrivateProperty.']);
  });
});

describe('the verdict', () => {
  it('fails on any HIGH or MEDIUM finding and passes LOW and informational ones', () => {
    expect(verdict([finding({ severity: 'HIGH' })], []).ok).toBe(false);
    expect(verdict([finding({ severity: 'MEDIUM' })], []).ok).toBe(false);
    expect(verdict([finding({ severity: 'LOW' }), finding({ severity: 'INFORMATIONAL' })], []).ok).toBe(true);
  });

  it('fails when a file went unscanned, even with no findings', () => {
    const result = verdict([], ['Error parsing main/index.js']);
    expect(result).toEqual({ ok: false, problems: ['NOT SCANNED Error parsing main/index.js'] });
  });

  it('lets a reviewed finding through only while the quoted code is unchanged', () => {
    const review = REVIEWED.find((r) => r.id === 'OPEN_EXTERNAL_JS_CHECK')!;
    const reviewed = finding({ id: review.id, sample: `app.on("x", () => ${review.sample});` });
    expect(verdict([reviewed], []).ok).toBe(true);
    const changed = finding({ id: review.id, sample: 'shell.openExternal(anything)' });
    expect(verdict([changed], []).ok).toBe(false);
    expect(verdict([finding({ id: 'SANDBOX_JS_CHECK', sample: review.sample })], []).ok).toBe(false);
  });
});

describe('the wrapper on a real scan', () => {
  it('fails an app that turns Node integration on and isolation off', async () => {
    const dir = await tempDir('eng-');
    cleanup = dir.cleanup;
    const app = join(dir.path, 'app');
    await mkdir(join(app, 'main'), { recursive: true });
    await writeFile(
      join(app, 'main/index.js'),
      [
        "import { app, BrowserWindow } from 'electron';",
        'class Holder { #window; }',
        'app.whenReady().then(() => {',
        '  const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });',
        "  win.loadURL('https://example.com');",
        '});',
      ].join('\n'),
    );
    const result = scan(app, join(dir.path, 'work'));
    expect(result.ok).toBe(false);
    const ids = result.findings.map((f) => f.id);
    expect(ids).toContain('NODE_INTEGRATION_JS_CHECK');
    expect(ids).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(result.problems.join('\n')).not.toContain('NOT SCANNED');
  }, 90_000);
});
