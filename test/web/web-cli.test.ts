import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../helpers/temp-dir';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const root = resolve(import.meta.dirname, '../..');
let dir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  dir = await tempDir('cli-');
});
afterAll(() => dir.cleanup());

/** Runs `npm run web`'s entry point until it has printed `until`, then stops it; returns what it printed. */
function runCli(until: RegExp): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      join(root, 'node_modules/.bin/tsx'),
      [
        '--tsconfig',
        'tsconfig.node.json',
        'src-main/web/cli.ts',
        '--port',
        '0',
        '--data-dir',
        join(dir.path, 'data'),
      ],
      { cwd: root, env: { ...process.env, CALLPAY_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`The CLI did not print ${until} in time:\n${out}`));
    }, 25_000);
    child.stdout.on('data', (chunk) => {
      out += String(chunk);
      if (until.test(out)) {
        clearTimeout(timer);
        child.kill('SIGTERM');
        resolvePromise(out);
      }
    });
    child.on('error', reject);
  });
}

describe('npm run web', () => {
  it('prints the console, the webhook receiver and the sandbox, all on 127.0.0.1', async () => {
    const out = await runCli(/sandbox: http/);
    expect(out).toMatch(/^console: http:\/\/127\.0\.0\.1:\d+\/\?token=/m);
    expect(out).toMatch(/^mode: sandbox$/m);
    expect(out).toMatch(/^webhooks: http:\/\/127\.0\.0\.1:\d+$/m);
    expect(out).toMatch(/^sandbox: http:\/\/127\.0\.0\.1:\d+$/m);
  });
});
