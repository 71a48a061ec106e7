// Electron's security checklist (electronjs.org/docs/latest/tutorial/security), item by item, held
// against the BUILT app in out/ and the packaging config. Numbers follow the checklist.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';
import { contentSecurityPolicy } from '../../src-main/electron/csp';
import { isAllowedExternal, lockNavigation } from '../../src-main/electron/navigation';
import {
  calledMethods,
  constructions,
  ensureBuilt,
  literal,
  MAIN_BUNDLE,
  properties,
  ROOT,
} from './built-app';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
let main = '';
let webPreferences = new Map<string, ts.Expression>();

beforeAll(() => {
  ensureBuilt();
  main = readFileSync(MAIN_BUNDLE, 'utf8');
  const windows = constructions(MAIN_BUNDLE, 'BrowserWindow');
  expect(windows).toHaveLength(1);
  const options = windows[0]!;
  if (!ts.isObjectLiteralExpression(options)) throw new Error('BrowserWindow options must be written inline');
  const prefs = properties(options).get('webPreferences');
  if (!prefs || !ts.isObjectLiteralExpression(prefs))
    throw new Error('webPreferences must be written inline');
  webPreferences = properties(prefs);
}, 120_000);

const pref = (name: string) => {
  const value = webPreferences.get(name);
  return value === undefined ? 'absent' : literal(value);
};

function cspOf(html: string) {
  return /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1];
}

describe('the Electron security checklist, in the built app', () => {
  it('1: loads only the packaged page, with scripts bundled rather than fetched', () => {
    const html = read('out/renderer/index.html');
    const sources = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) expect(src).toMatch(/^\.?\/?assets\//);
    expect(main).toContain('"app://callpay/index.html"');
    expect(main).toContain('"../renderer"');
  });

  it('2: gives no renderer, worker or sub-frame Node integration', () => {
    expect(pref('nodeIntegration')).toBe(false);
    expect(pref('nodeIntegrationInWorker')).toBe(false);
    expect(pref('nodeIntegrationInSubFrames')).toBe(false);
    expect(main).not.toMatch(/nodeIntegration\w*:\s*true/);
  });

  it('3: isolates the context explicitly', () => {
    expect(pref('contextIsolation')).toBe(true);
  });

  it('4: sandboxes the renderer, with a CommonJS preload that needs only electron', () => {
    expect(pref('sandbox')).toBe(true);
    const preload = read('out/preload/preload.cjs');
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(required).toEqual(['electron']);
  });

  it('5: installs permission request, check and device handlers', () => {
    const calls = calledMethods(MAIN_BUNDLE);
    for (const method of [
      'setPermissionRequestHandler',
      'setPermissionCheckHandler',
      'setDevicePermissionHandler',
    ]) {
      expect(calls).toContain(method);
    }
  });

  it('6: never turns web security off', () => {
    expect(pref('webSecurity')).toBe(true);
    expect(main).not.toMatch(/webSecurity:\s*false/);
  });

  it('7: ships the CSP that allows only the app, Twilio Voice and the local receiver', () => {
    const built = cspOf(read('out/renderer/index.html'));
    expect(built).toBe(contentSecurityPolicy());
    expect(cspOf(read('src-renderer/index.html'))).toBe(contentSecurityPolicy());
    expect(built).not.toMatch(/unsafe-eval|unsafe-inline|\*\.twilio\.com|https?:\/\/\*|\s\*(;|\s|$)/);
  });

  it('8-10: allows no insecure content, experimental features or extra Blink features', () => {
    expect(pref('allowRunningInsecureContent')).toBe(false);
    expect(pref('experimentalFeatures')).toBe(false);
    expect(pref('enableBlinkFeatures')).toBe('absent');
    expect(pref('disableBlinkFeatures')).toBe('Auxclick');
  });

  it('11-12: has no <webview> tag and refuses any attempt to attach one', () => {
    expect(pref('webviewTag')).toBe(false);
    expect(main).toContain('"will-attach-webview"');
  });

  it('13-14: prevents navigation and new windows; 15: opens only allow-listed https links outside', () => {
    const listeners = new Map<string, (event: { preventDefault(): void }) => void>();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (event: string, listener: (event: { preventDefault(): void }) => void) =>
        listeners.set(event, listener),
      setWindowOpenHandler: (handler: typeof openHandler) => (openHandler = handler),
    };
    const openExternal = vi.fn();
    lockNavigation(contents as unknown as WebContents, openExternal);
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      listeners.get(event)!({ preventDefault });
      expect(preventDefault).toHaveBeenCalled();
    }
    expect(openHandler!({ url: 'https://www.twilio.com/docs' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://www.twilio.com/docs']]);
    expect(isAllowedExternal('http://www.twilio.com/')).toBe(false);
    expect(isAllowedExternal('https://user@www.twilio.com/')).toBe(false);
    expect(isAllowedExternal('https://www.twilio.com.evil.example/')).toBe(false);
    expect(main).toContain('"web-contents-created"');
  });

  it('keeps TLS checks on: the only exception is the sandbox certificate handler, and no verify proc', () => {
    expect(calledMethods(MAIN_BUNDLE)).not.toContain('setCertificateVerifyProc');
    expect(main.match(/"certificate-error"/g)).toHaveLength(1);
    expect(main).toContain('sandboxCertificateCheck(');
    expect(main).not.toMatch(
      /ignore-certificate-errors|NODE_TLS_REJECT_UNAUTHORIZED|rejectUnauthorized:\s*false/,
    );
  });

  it('16: tracks a current Electron major', () => {
    const version = JSON.parse(read('node_modules/electron/package.json')).version as string;
    expect(Number(version.split('.')[0])).toBeGreaterThanOrEqual(45);
  });

  it('17: hands IPC to the AppApi only through the sender check', () => {
    // The AppApi host is the desktop host (its own core, or the team link in team mode).
    expect(main).toMatch(/registerAppApi\(ipcMain, host, appFrameCheck\(/);
  });

  it('18: serves the renderer from app://, a privileged custom scheme, so the file-privileges fuse is off', () => {
    const config = parse(read('electron-builder.yml'));
    expect(config.electronFuses.grantFileProtocolExtraPrivileges).toBe(false);
    const calls = calledMethods(MAIN_BUNDLE);
    expect(calls).toContain('registerSchemesAsPrivileged');
    expect(main).toMatch(/protocol\.handle\("app", /);
    expect(main).not.toMatch(/loadFile\(|pathToFileURL\(/);
  });

  it('sandboxes every renderer with app.enableSandbox() and gives packaged builds no DevTools', () => {
    expect(main).toMatch(/app\.enableSandbox\(\)/);
    const devTools = webPreferences.get('devTools');
    expect(devTools && ts.isPrefixUnaryExpression(devTools) ? devTools.getText() : 'absent').toBe(
      '!app.isPackaged',
    );
  });

  it('20: exposes one named API to the page, never ipcRenderer, Node or the environment', () => {
    const preload = read('out/preload/preload.cjs');
    expect([...preload.matchAll(/exposeInMainWorld\("(\w+)"/g)].map((m) => m[1])).toEqual(['callpay']);
    expect(preload).not.toMatch(/process\.env|exposeInMainWorld\("\w+",\s*(electron\.)?ipcRenderer\)/);
  });
});
