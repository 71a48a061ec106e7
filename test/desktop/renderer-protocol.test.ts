import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, desktopContentSecurityPolicy } from '../../src-main/electron/csp';
import { isAppDocument } from '../../src-main/electron/ipc';
import { APP_ENTRY, rendererFile, serveRenderer } from '../../src-main/electron/renderer-protocol';
import { tempDir } from '../helpers/temp-dir';

let dir: Awaited<ReturnType<typeof tempDir>>;
let root: string;

beforeAll(async () => {
  dir = await tempDir('app-protocol-');
  root = join(dir.path, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Callpay</title>');
  await writeFile(join(root, 'assets', 'index.js'), 'console.log(1)');
  await writeFile(join(dir.path, 'secret.txt'), 'not for the page');
});
afterAll(() => dir.cleanup());

const get = (url: string, method = 'GET') =>
  serveRenderer(new Request(url, { method }), root, () => desktopContentSecurityPolicy('127.0.0.1:45123'));

describe('the app:// protocol the renderer is served from', () => {
  it('serves the page with a CSP header whose connect-src names only the signaling port in use', async () => {
    const page = await get(APP_ENTRY);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const csp = page.headers.get('content-security-policy')!;
    const connect = csp.split('; ').find((d) => d.startsWith('connect-src '))!;
    expect(connect).toContain('wss://127.0.0.1:45123');
    expect(connect).not.toMatch(/127\.0\.0\.1:\*/);
    expect(connect.split(' ').filter((s) => s.includes('127.0.0.1'))).toEqual(['wss://127.0.0.1:45123']);
    // Everything else is the meta tag's policy, which still allows the loopback as its widest form.
    expect(csp.replace(' wss://127.0.0.1:45123', '')).toBe(contentSecurityPolicy([]));
    expect(contentSecurityPolicy()).toContain('ws://127.0.0.1:*');
  });

  it('names no loopback port at all when no sandbox signaling runs (live mode)', () => {
    expect(desktopContentSecurityPolicy(undefined)).not.toContain('127.0.0.1');
  });

  it('serves the bundled scripts as JavaScript without a policy of their own', async () => {
    const script = await get('app://callpay/assets/index.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(await script.text()).toBe('console.log(1)');
    expect(script.headers.get('content-security-policy')).toBeNull();
  });

  it('serves nothing outside the renderer folder, for another host, or for anything but GET', async () => {
    expect((await get('app://callpay/..%2Fsecret.txt')).status).toBe(404);
    expect(rendererFile(root, 'app://callpay/assets%2F..%2F..%2Fsecret.txt')).toBeUndefined();
    expect(rendererFile(root, 'app://callpay/%2e%2e/secret.txt')).toBe(join(root, 'secret.txt'));
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://callpay/missing.js')).status).toBe(404);
    expect((await get(APP_ENTRY, 'POST')).status).toBe(404);
  });

  it('trusts only the app:// host as the app document (a custom scheme has no URL origin)', () => {
    expect(isAppDocument('app://callpay/index.html', APP_ENTRY)).toBe(true);
    expect(isAppDocument('app://evil/index.html', APP_ENTRY)).toBe(false);
    expect(isAppDocument('file:///tmp/index.html', APP_ENTRY)).toBe(false);
  });
});
