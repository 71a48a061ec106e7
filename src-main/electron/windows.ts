import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';

/** The main window's web preferences: the renderer gets no Node and runs sandboxed. */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 760,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Callpay',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** The URL the renderer is loaded from: the dev server in development, the bundle otherwise. */
export function rendererUrl(): string {
  const dev = process.env.ELECTRON_RENDERER_URL;
  return dev ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href;
}

/** Creates the one main window; navigation is locked for every web contents in index.ts. */
export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(join(import.meta.dirname, '../preload/preload.cjs')));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(rendererUrl());
  return window;
}
