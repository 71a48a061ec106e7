import { app, BrowserWindow, dialog, ipcMain } from 'electron';
import { join } from 'node:path';
import { createCore } from './core/compose';
import { printUrls } from './core/banner';
import type { DesktopState } from './electron/desktop-state';
import {
  setupLogFile,
  setupMainWindow,
  setupBeforeReady,
  setupMicrophone,
  setupRendererProtocol,
  setupSandboxCertificate,
  setupSecrets,
  setupSecurity,
  setupTray,
  setupUpdates,
} from './electron/setup';
import { appFrameCheck, forwardEvents, registerAppApi } from './electron/ipc';
import { setupSingleInstance } from './electron/single-instance';
import { setupTelLinks, TelLinkInbox } from './electron/tel-link';
import { bringToFront } from './electron/window-behaviour';
import { rendererUrl } from './electron/windows';
import { DesktopHost } from './team-link';
import { APP_ORIGIN } from './electron/renderer-protocol';

const desktop: DesktopState = {
  window: undefined,
  quitting: false,
  tray: undefined,
  restartToUpdate: undefined,
  // Numbers from tel: links wait here until the softphone's page has loaded (setupTelLinks).
  telLinks: new TelLinkInbox((reason) => dialog.showErrorBox('Callpay cannot dial that link', reason)),
  secrets: undefined,
};

const primary = setupSingleInstance(app, process.argv, {
  focus: () => desktop.window && bringToFront(desktop.window),
  openTel: (link) => desktop.telLinks.receive(link),
});

if (primary) {
  setupBeforeReady();
  if (process.platform === 'win32') app.setAppUserModelId('com.callpay.desktop');
  app.on('before-quit', () => (desktop.quitting = true));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app
    .whenReady()
    .then(onReady)
    .catch((error: Error) => {
      dialog.showErrorBox('Callpay could not start', error.message);
      app.exit(1);
    });
}

async function onReady() {
  // Before any web contents exists: sessions can only be used once the app is ready.
  setupSecurity();
  desktop.secrets = await setupSecrets();
  const dataDir = join(app.getPath('userData'), 'data');
  const secrets = desktop.secrets;
  const log = setupLogFile();
  // Solo, this computer's own core answers; linked to a team server, main relays to it and runs no core.
  const host = await DesktopHost.start({
    dataDir,
    secrets,
    log,
    startCore: async () => {
      const core = await createCore({
        dataDir,
        version: app.getVersion(),
        secrets,
        log,
        // The renderer's SDK reaches the sandbox's signaling itself, from the app's own origin only.
        sandbox: { allowedOrigins: () => [APP_ORIGIN] },
      });
      printUrls(core);
      return core;
    },
  });
  setupRendererProtocol(host, () => host.signalingAddress());
  app.on('before-quit', () => void host.stop());
  setupSandboxCertificate(() => host.sandboxUrl());
  const windows = () => (desktop.window ? [desktop.window.webContents] : []);
  registerAppApi(ipcMain, host, appFrameCheck(rendererUrl(), windows));
  forwardEvents(host, () => desktop.window?.webContents);
  setupTray(desktop, host);
  await setupMainWindow(desktop);
  setupTelLinks(desktop.window, desktop.telLinks, host);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void setupMainWindow(desktop);
    else if (desktop.window) bringToFront(desktop.window);
  });
  await setupMicrophone();
  await setupUpdates(desktop);
}
