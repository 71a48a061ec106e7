import { describe, expect, it, vi } from 'vitest';
import { launchAtLogin, launchedHidden } from '../../src-main/electron/login-item';

describe('launch at login', () => {
  function fakeApp(openAtLogin = false) {
    return {
      getLoginItemSettings: vi.fn(
        () => ({ openAtLogin }) as ReturnType<Electron.App['getLoginItemSettings']>,
      ),
      setLoginItemSettings: vi.fn(),
    };
  }

  it('reads and sets the login item on macOS and Windows, starting hidden in the tray', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const app = fakeApp(true);
      const login = launchAtLogin(app, platform);
      expect(login.get()).toBe(true);
      login.set(false);
      expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: false, args: ['--hidden'] });
    }
  });

  it('is not offered on Linux, where Electron cannot set it', () => {
    const app = fakeApp(true);
    const login = launchAtLogin(app, 'linux');
    expect(login.get()).toBeUndefined();
    login.set(true);
    expect(app.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('knows a login launch by its --hidden argument', () => {
    expect(launchedHidden(['Callpay.exe', '--hidden'])).toBe(true);
    expect(launchedHidden(['Callpay.exe'])).toBe(false);
  });
});
