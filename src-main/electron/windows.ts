import { join } from 'node:path';
import { app, BrowserWindow } from 'electron';
import { APP_ENTRY } from './renderer-protocol';
import type { WindowBounds } from './window-state';

/** The built renderer's folder, served on app:// (renderer-protocol.ts). */
export const RENDERER_DIR = join(import.meta.dirname, '../renderer');

/** The URL the renderer is loaded from: the dev server in development, app://callpay/ otherwise. */
export function rendererUrl(): string {
  return process.env.ELECTRON_RENDERER_URL ?? APP_ENTRY;
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
      // DevTools only in development: a packaged build gives an agent's machine no console into the page.
      devTools: !app.isPackaged,
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
