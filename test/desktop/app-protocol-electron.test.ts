// The built app in real Electron: the page comes from app://callpay/ with its CSP header, and the
// packaged-build rules hold. Needs the Electron binary (node_modules/electron/path.txt); skipped without it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { _electron as electron } from 'playwright-core';
import { ensureBuilt, ROOT } from './built-app';
import { tempDir } from '../helpers/temp-dir';

const hasElectron = existsSync(join(ROOT, 'node_modules/electron/path.txt'));
if (!hasElectron) console.log('app-protocol-electron: skipped, the Electron binary is not installed here');

describe.skipIf(!hasElectron)('the built app in Electron', () => {
  it('loads the renderer from app://callpay/ with connect-src naming only the ports in use', async () => {
    ensureBuilt();
    const dir = await tempDir('electron-app-');
    const app = await electron.launch({
      args: [join(ROOT, 'out/main/index.js'), `--user-data-dir=${join(dir.path, 'user')}`],
      cwd: ROOT,
    });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      expect(page.url()).toBe('app://callpay/index.html');
      const csp = await page.evaluate<string>(
        "fetch(location.href).then((r) => r.headers.get('content-security-policy') ?? '')",
      );
      const connect = csp.split('; ').find((d) => d.startsWith('connect-src ')) ?? '';
      expect(connect).not.toMatch(/127\.0\.0\.1:\*/);
      expect(await app.evaluate(({ app: a }) => a.isPackaged)).toBe(false);
    } finally {
      await app.close();
      await dir.cleanup();
    }
  }, 60_000);
});
