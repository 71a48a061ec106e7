import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow } from 'electron';
import type { WindowBounds } from './window-state';

/** The URL the renderer is loaded from: the dev server in development, the bundle otherwise. */
export function rendererUrl(): string {
  const dev = process.env.ELECTRON_RENDERER_URL;
  return dev ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href;
}

/**
 * Creates the one main window. The options are written out in full here, not built elsewhere, so
 * Electronegativity and test/desktop/packaging.test.ts can read them in the built bundle: the
 * renderer gets no Node, runs sandboxed and isolated, and middle-click cannot open windows.
 */
export function createMainWindow(bounds: WindowBounds | undefined, startHidden = false): BrowserWindow {
  const window = new BrowserWindow({
    ...(bounds ? { x: bounds.x, y: bounds.y } : {}),
    width: bounds?.width ?? 1280,
    height: bounds?.height ?? 760,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Callpay',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => {
    if (bounds?.maximized) window.maximize();
    // A launch at login starts in the tray.
    if (!startHidden) window.show();
  });
  void window.loadURL(rendererUrl());
  return window;
}

type HideableWindow = Pick<BrowserWindow, 'hide'> & {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
};

/**
 * Closing the window hides it to the tray, so calls keep ringing; the app quits only from the
 * tray, the menu or the OS (`isQuitting` turns true in before-quit).
 */
export function hideToTrayOnClose(window: HideableWindow, isQuitting: () => boolean) {
  window.on('close', (event) => {
    if (isQuitting()) return;
    event.preventDefault();
    window.hide();
  });
}

/** Shows, restores and focuses a window (a second launch, a tray click, a notification click). */
export function bringToFront(window: Pick<BrowserWindow, 'isMinimized' | 'restore' | 'show' | 'focus'>) {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
