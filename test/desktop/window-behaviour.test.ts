import { describe, expect, it, vi } from 'vitest';
import { bringToFront, hideToTrayOnClose } from '../../src-main/electron/window-behaviour';

function fakeWindow() {
  let onClose: ((event: { preventDefault(): void }) => void) | undefined;
  const window = {
    hide: vi.fn(),
    minimize: vi.fn(),
    on: (_event: 'close', listener: typeof onClose) => (onClose = listener),
  };
  const close = () => {
    const event = { preventDefault: vi.fn() };
    onClose!(event);
    return event.preventDefault;
  };
  return { window, close };
}

describe('closing the window', () => {
  it('hides it to the tray on Windows and macOS, so calls keep ringing', () => {
    for (const platform of ['win32', 'darwin'] as const) {
      const { window, close } = fakeWindow();
      hideToTrayOnClose(window, () => false, platform);
      expect(close()).toHaveBeenCalled();
      expect(window.hide).toHaveBeenCalled();
    }
  });

  it('minimises it on Linux, where the desktop may show no tray', () => {
    const { window, close } = fakeWindow();
    hideToTrayOnClose(window, () => false, 'linux');
    expect(close()).toHaveBeenCalled();
    expect(window.minimize).toHaveBeenCalled();
    expect(window.hide).not.toHaveBeenCalled();
  });

  it('lets the window close when the app is quitting', () => {
    const { window, close } = fakeWindow();
    hideToTrayOnClose(window, () => true, 'win32');
    expect(close()).not.toHaveBeenCalled();
    expect(window.hide).not.toHaveBeenCalled();
  });
});

describe('bringing the window to the front', () => {
  it('restores a minimised window, shows and focuses it', () => {
    const window = { isMinimized: () => true, restore: vi.fn(), show: vi.fn(), focus: vi.fn() };
    bringToFront(window);
    expect(window.restore).toHaveBeenCalled();
    expect(window.show).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });
});
