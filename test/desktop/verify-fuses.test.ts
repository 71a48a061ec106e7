import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fuses from '@electron/fuses';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { expectedFuses, fuseProblems } from './verify-fuses.mjs';
import { ROOT } from './built-app';
import { tempDir } from '../helpers/temp-dir';

const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8'));
const ENABLE = 49;
const DISABLE = 48;

describe('reading the fuses back from a packaged app', () => {
  it('knows every fuse electron-builder.yml sets, by its place in the wire', () => {
    const expected = expectedFuses(config);
    expect(expected.map((f) => f.key).sort()).toEqual(Object.keys(config.electronFuses).sort());
    expect(expected.find((f) => f.key === 'runAsNode')).toEqual({ key: 'runAsNode', index: 0, want: false });
  });

  it('passes a wire that matches and names each fuse that does not', () => {
    const expected = expectedFuses(config);
    const wire: Record<number, number> = {};
    for (const f of expected) wire[f.index] = f.want ? ENABLE : DISABLE;
    expect(fuseProblems(expected, wire)).toEqual([]);
    wire[0] = ENABLE;
    delete wire[5];
    expect(fuseProblems(expected, wire)).toEqual([
      'runAsNode should be off but reads 49',
      'onlyLoadAppFromAsar should be on but reads missing',
    ]);
  });

  it('refuses a fuse name it does not know', () => {
    expect(() => expectedFuses({ electronFuses: { runAsnode: false } })).toThrow(/unknown fuse: runAsnode/);
  });
});

/** A stand-in Electron binary: junk around a fuse wire with every fuse on. */
async function fakeElectron(path: string) {
  const wire = Buffer.from('11111111');
  const bytes = Buffer.concat([
    Buffer.alloc(64, 7),
    Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
    Buffer.from([1, 8]),
    wire,
  ]);
  await writeFile(path, Buffer.concat([bytes, Buffer.alloc(64, 7)]));
}

const verify = (app: string) =>
  spawnSync(process.execPath, [join(ROOT, 'test/desktop/verify-fuses.mjs'), app], { encoding: 'utf8' });

describe('verify-fuses.mjs on a binary', () => {
  it('passes once the fuses are flipped as configured, and fails when one is not', async () => {
    const dir = await tempDir('fuses-');
    try {
      const app = join(dir.path, 'callpay');
      await fakeElectron(app);
      const untouched = verify(app);
      expect(untouched.status).toBe(1);
      expect(untouched.stdout).toContain('runAsNode should be off but reads 49');
      const config: Record<number, boolean> = {};
      for (const f of expectedFuses(parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')))) {
        config[f.index] = f.want;
      }
      await fuses.flipFuses(app, { version: fuses.FuseVersion.V1, ...config });
      const flipped = verify(app);
      expect(flipped.stdout).toContain('fuses: all 8 as configured');
      expect(flipped.status).toBe(0);
    } finally {
      await dir.cleanup();
    }
  });
});
