import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, commandChannel } from '@shared/api/names';
import { defaultSettings } from '@shared/api/settings';
import { ApiHost, type Handlers } from '../../src-main/core/api/host';
import { handlersWith } from '../helpers/handlers';
import { appFrameCheck, registerAppApi, type IpcMainLike } from '../../src-main/electron/ipc';

const APP_URL = 'file:///opt/Callpay/resources/app.asar/out/renderer/index.html';

function fakeIpcMain() {
  const listeners = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => void listeners.set(channel, listener),
    removeHandler: (channel) => void listeners.delete(channel),
  };
  return { ipc, listeners };
}

function frame(url: string) {
  return { url };
}

function event(contentsId: number, url: string, { subframe = false } = {}) {
  const mainFrame = frame(url);
  return {
    sender: { id: contentsId, mainFrame } as unknown as WebContents,
    senderFrame: subframe ? frame(url) : mainFrame,
  } as unknown as IpcMainInvokeEvent;
}

function setup() {
  const handlers: Handlers = handlersWith({
    'settings.get': vi.fn(() => defaultSettings),
    'settings.set': vi.fn(() => defaultSettings),
  });
  const { ipc, listeners } = fakeIpcMain();
  const windows = [{ id: 7 } as WebContents];
  registerAppApi(
    ipc,
    new ApiHost(handlers),
    appFrameCheck(APP_URL, () => windows),
  );
  const call = (name: string, e: IpcMainInvokeEvent, args: unknown) =>
    listeners.get(`callpay:command:${name}`)!(e, args);
  return { handlers, listeners, call };
}

describe('the IPC wrapper', () => {
  it('registers one channel per AppApi command and nothing else', () => {
    const { listeners } = setup();
    expect([...listeners.keys()].sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());
  });

  it("answers the app's own main frame", async () => {
    const { handlers, call } = setup();
    await expect(call('settings.get', event(7, APP_URL), {})).resolves.toEqual({
      ok: true,
      value: defaultSettings,
    });
    expect(handlers['settings.get']).toHaveBeenCalledOnce();
  });

  it.each([
    ['a window the app did not create', event(8, APP_URL)],
    ['a page from elsewhere in the app window', event(7, 'https://evil.example/index.html')],
    ['another local file', event(7, 'file:///tmp/evil.html')],
    ['a subframe of the app window', event(7, APP_URL, { subframe: true })],
  ])('drops a call from %s without calling the handler', async (_label, e) => {
    const { handlers, call } = setup();
    await expect(call('settings.get', e, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(handlers['settings.get']).not.toHaveBeenCalled();
  });

  it('rejects a malformed argument without calling the handler', async () => {
    const { handlers, call } = setup();
    const result = await call('settings.set', event(7, APP_URL), { agentIdentity: 42 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_argument', field: 'agentIdentity' } });
    expect(handlers['settings.set']).not.toHaveBeenCalled();
  });

  it('trusts the dev server by origin during development', () => {
    const check = appFrameCheck('http://localhost:5173/', () => [{ id: 1 } as WebContents]);
    expect(check(event(1, 'http://localhost:5173/index.html'))).toBe(true);
    expect(check(event(1, 'http://localhost:5174/'))).toBe(false);
  });
});
