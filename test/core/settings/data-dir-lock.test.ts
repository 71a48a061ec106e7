import { spawn, spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCore } from '../../../src-main/core/compose';
import { silentLog } from '../../../src-main/core/log';
import { tempDir } from '../../helpers/temp-dir';

vi.setConfig({ testTimeout: 40_000 });

const root = resolve(import.meta.dirname, '../../..');
let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => (dir = await tempDir('lock-')));
afterEach(() => dir.cleanup());

/** Runs `npm run web`'s entry point on a data folder until it exits; returns its code and output. */
function webCli(dataDir: string): Promise<{ code: number | null; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(
      join(root, 'node_modules/.bin/tsx'),
      ['--tsconfig', 'tsconfig.node.json', 'src-main/web/cli.ts', '--port', '0', '--data-dir', dataDir],
      { cwd: root, env: { ...process.env, CALLPAY_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (c) => (out += String(c)));
    child.stderr.on('data', (c) => (out += String(c)));
    // A second process that does start would print its console line: stop it, the test has failed.
    child.stdout.on('data', () => /console: http/.test(out) && child.kill('SIGTERM'));
    child.on('error', fail);
    child.on('exit', (code) => done({ code, out }));
  });
}

describe('one Callpay per data folder', () => {
  it('refuses a second process on the same folder with a sentence, and lets it in once the first stops', async () => {
    const dataDir = join(dir.path, 'data');
    const first = await createCore({ dataDir, version: '0.0.0-test', log: silentLog });
    let stopped = false;
    try {
      const second = await webCli(dataDir);
      expect(second.code).toBe(1);
      expect(second.out).toContain(
        `callpay: Another Callpay (process ${process.pid}) is already using the data folder ${dataDir}. ` +
          'Close it first, or start this one with a different data folder.',
      );
      // The first one's chain was not forked: it still verifies after the refused start.
      expect(await first.audit.verify()).toMatchObject({ ok: true });
      await first.stop();
      stopped = true;
      const again = await createCore({ dataDir, version: '0.0.0-test', log: silentLog });
      await again.stop();
    } finally {
      if (!stopped) await first.stop();
    }
  });

  it('takes over a lock left by a process that is no longer running', async () => {
    const dataDir = join(dir.path, 'data');
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout.trim());
    await createCore({ dataDir, version: '0.0.0-test', log: silentLog }).then((c) => c.stop());
    await writeFile(join(dataDir, 'callpay.lock'), `${deadPid}\n`);
    const core = await createCore({ dataDir, version: '0.0.0-test', log: silentLog });
    try {
      expect(await readFile(join(dataDir, 'callpay.lock'), 'utf8')).toBe(`${process.pid}\n`);
    } finally {
      await core.stop();
    }
  });
});
