import type { BrowserWindow } from 'electron';

type HideableWindow = Pick<BrowserWindow, 'hide' | 'minimize'> & {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
};

/**
 * Closing the window hides it to the tray, so calls keep ringing; the app quits only from the
 * tray, the menu or the OS (`isQuitting` turns true in before-quit). On Linux it minimises
 * instead: several desktops (GNOME among them) show no tray, and a hidden window would be lost.
 */
export function hideToTrayOnClose(
  window: HideableWindow,
  isQuitting: () => boolean,
  platform: NodeJS.Platform,
) {
  window.on('close', (event) => {
    if (isQuitting()) return;
    event.preventDefault();
    if (platform === 'linux') window.minimize();
    else window.hide();
  });
}

/** Shows, restores and focuses a window (a second launch, a tray click, a notification click). */
export function bringToFront(window: Pick<BrowserWindow, 'isMinimized' | 'restore' | 'show' | 'focus'>) {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
