import type { Notification, NotificationConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  electronNotifications,
  incomingCallNotice,
  incomingCallNotifier,
} from '../../src-main/electron/notifications';
import { launchAtLogin, launchedHidden } from '../../src-main/electron/login-item';

function setup(window: { visible: boolean; minimized: boolean } | undefined, supported = true) {
  const show = vi.fn();
  const focus = vi.fn();
  const notify = incomingCallNotifier({
    window: () => window && { isVisible: () => window.visible, isMinimized: () => window.minimized },
    supported: () => supported,
    show,
    focus,
  });
  return { notify, show, focus };
}

describe('incoming-call notifications', () => {
  it('notifies when the window is hidden to the tray, and a click brings it forward', () => {
    const { notify, show, focus } = setup({ visible: false, minimized: false });
    expect(notify({ from: '+14155550100' })).toBe(true);
    expect(show).toHaveBeenCalledWith(incomingCallNotice({ from: '+14155550100' }), focus);
  });

  it('notifies when the window is minimised or gone', () => {
    expect(setup({ visible: true, minimized: true }).notify({ from: '+1' })).toBe(true);
    expect(setup(undefined).notify({ from: '+1' })).toBe(true);
  });

  it('stays quiet when the window is on screen, which shows the call itself', () => {
    const { notify, show } = setup({ visible: true, minimized: false });
    expect(notify({ from: '+14155550100' })).toBe(false);
    expect(show).not.toHaveBeenCalled();
  });

  it('stays quiet where the system has no notifications', () => {
    expect(setup({ visible: false, minimized: false }, false).notify({ from: '+1' })).toBe(false);
  });

  it('names the caller and the number when both are known', () => {
    expect(incomingCallNotice({ from: '+14155550100', name: 'Ada' })).toMatchObject({
      title: 'Incoming call',
      body: 'Ada (+14155550100) is calling. Click to answer in Callpay.',
    });
  });

  it("keeps Electron's notification alive until it closes, so its click still arrives", () => {
    const made: { options: NotificationConstructorOptions; handlers: Map<string, () => void> }[] = [];
    class FakeNotification {
      handlers = new Map<string, () => void>();
      static isSupported = () => true;
      constructor(public options: NotificationConstructorOptions) {
        made.push({ options, handlers: this.handlers });
      }
      on(event: string, handler: () => void) {
        this.handlers.set(event, handler);
        return this;
      }
      show = vi.fn();
    }
    const { show, supported } = electronNotifications(
      FakeNotification as unknown as {
        new (o: NotificationConstructorOptions): Notification;
        isSupported(): boolean;
      },
    );
    const onClick = vi.fn();
    expect(supported()).toBe(true);
    show({ title: 'Incoming call' }, onClick);
    made[0]!.handlers.get('click')!();
    expect(onClick).toHaveBeenCalled();
  });
});

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
