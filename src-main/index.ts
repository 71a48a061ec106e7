import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { join } from 'node:path';
import { createCore } from './core/app';
import { appFrameCheck, forwardEvents, registerAppApi } from './electron/ipc';
import { lockNavigation } from './electron/navigation';
import { createMainWindow, rendererUrl } from './electron/windows';

let mainWindow: BrowserWindow | undefined;

app.on('web-contents-created', (_event, contents) =>
  lockNavigation(contents, (url) => shell.openExternal(url)),
);

app.whenReady().then(async () => {
  // Nothing but the microphone, and only for the app's own page.
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) =>
    callback(permission === 'media' && contents.getURL().startsWith(rendererUrl().split('#')[0]!)),
  );
  const core = await createCore({
    dataDir: join(app.getPath('userData'), 'data'),
    version: app.getVersion(),
  });
  registerAppApi(
    ipcMain,
    core.api,
    appFrameCheck(rendererUrl(), () => (mainWindow ? [mainWindow.webContents] : [])),
  );
  forwardEvents(core.api, () => mainWindow?.webContents);
  mainWindow = createMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow();
  });
  app.on('before-quit', () => void core.stop());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
