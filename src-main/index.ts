import { app, BrowserWindow, dialog, ipcMain } from 'electron';
import { join } from 'node:path';
import { createCore } from './core/compose';
import { printUrls } from './core/banner';
import {
  setupLogFile,
  setupMainWindow,
  setupMicrophone,
  setupSandboxCertificate,
  setupSecrets,
  setupSecurity,
  setupTelLinks,
  setupTray,
  setupUpdates,
  type Shell,
} from './electron/desktop';
import { appFrameCheck, forwardEvents, registerAppApi } from './electron/ipc';
import { setupSingleInstance } from './electron/single-instance';
import { TelLinkInbox } from './electron/tel-link';
import { bringToFront } from './electron/window-behaviour';
import { rendererUrl } from './electron/windows';

const shell: Shell = {
  window: undefined,
  quitting: false,
  tray: undefined,
  restartToUpdate: undefined,
  // Numbers from tel: links wait here until the softphone's page has loaded (setupTelLinks).
  telLinks: new TelLinkInbox((reason) => dialog.showErrorBox('Callpay cannot dial that link', reason)),
  secrets: undefined,
};

const primary = setupSingleInstance(app, process.argv, {
  focus: () => shell.window && bringToFront(shell.window),
  openTel: (link) => shell.telLinks.receive(link),
});

if (primary) {
  if (process.platform === 'win32') app.setAppUserModelId('com.callpay.desktop');
  app.on('before-quit', () => (shell.quitting = true));
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
  shell.secrets = await setupSecrets();
  const core = await createCore({
    dataDir: join(app.getPath('userData'), 'data'),
    version: app.getVersion(),
    secrets: shell.secrets,
    log: setupLogFile(),
  });
  app.on('before-quit', () => void core.stop());
  printUrls(core);
  setupSandboxCertificate(() => core.sandbox()?.url);
  const windows = () => (shell.window ? [shell.window.webContents] : []);
  registerAppApi(ipcMain, core.api, appFrameCheck(rendererUrl(), windows));
  forwardEvents(core.api, () => shell.window?.webContents);
  setupTray(shell, core.api);
  await setupMainWindow(shell);
  setupTelLinks(shell, core.api);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void setupMainWindow(shell);
    else if (shell.window) bringToFront(shell.window);
  });
  await setupMicrophone();
  await setupUpdates(shell);
}
