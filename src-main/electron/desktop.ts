import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  app,
  dialog,
  Menu,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  systemPreferences,
  Tray,
  BrowserWindow,
} from 'electron';
import type { ApiHost } from '../core/api/host';
import type { SecretStore } from '../core/settings/secret-store';
import { createLog, type AppLog } from '../core/log';
import { collectDiagnostics, diagnosticsBundle } from './diagnostics';
import { RotatingLogFile } from './log-file';
import { launchAtLogin, launchedHidden } from './login-item';
import { ensureMicrophoneAccess } from './microphone';
import { lockNavigation } from './navigation';
import { setupPermissions } from './permissions';
import { createDesktopSecretStore } from './safe-storage-secrets';
import { fetchSandboxPem, sandboxCertificateCheck, trustSandboxCertificate } from './sandbox-certificate';
import type { TelLinkInbox } from './tel-link';
import { TrayController } from './tray';
import { TRAY_ICONS } from './tray-icons';
import { initialTrayState, trayStateFromEvent } from './tray-model';
import { startUpdates, updatePrompt, updatesEnabled } from './updates';
import { loadBounds, rememberBounds } from './window-state';
import { bringToFront, hideToTrayOnClose } from './window-behaviour';
import { createMainWindow, RENDERER_DIR, rendererUrl } from './windows';
import { desktopContentSecurityPolicy } from './csp';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, serveRenderer } from './renderer-protocol';

/** What the desktop shell's parts share: the one window and whether the app is quitting. */
export interface Shell {
  window: BrowserWindow | undefined;
  quitting: boolean;
  tray: TrayController | undefined;
  /** Set once an update is downloaded and ready to install. */
  restartToUpdate: (() => void) | undefined;
  telLinks: TelLinkInbox;
  /** The desktop SecretStore, handed to the core. */
  secrets: SecretStore | undefined;
}

const warn = (message: string) =>
  void dialog.showMessageBox({ type: 'warning', title: 'Callpay', message, buttons: ['OK'] });

/** Navigation locked for every web contents; only the microphone, only for the app's own page. */
export function setupSecurity() {
  app.on('web-contents-created', (_event, contents) =>
    // lockNavigation passes only URLs isAllowedExternal accepted; reviewed in test/desktop/electronegativity.mjs.
    lockNavigation(contents, (url) => shell.openExternal(url)),
  );
  setupPermissions(session.defaultSession, rendererUrl);
}

/** Before ready: the app:// scheme the renderer is served from, and the sandbox for every renderer. */
export function setupBeforeReady() {
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

/**
 * Serves the built renderer on app://callpay/ (so the file-privileges fuse can stay off), its CSP
 * naming the sandbox signaling port in use; the page reloads when that port moves (a mode switch,
 * or a team server's sandbox learnt from its token).
 */
export function setupRendererProtocol(api: ApiHost, signaling: () => string | undefined) {
  protocol.handle(APP_SCHEME, (request) =>
    serveRenderer(request, RENDERER_DIR, () => desktopContentSecurityPolicy(signaling())),
  );
  let served = signaling();
  api.subscribe((name) => {
    if ((name !== 'app.status' && name !== 'team.link') || signaling() === served) return;
    served = signaling();
    for (const window of BrowserWindow.getAllWindows()) window.webContents.reload();
  });
}

/** Trusts the sandbox's own signaling certificate on 127.0.0.1, and nothing else. */
export function setupSandboxCertificate(sandboxUrl: () => string | undefined) {
  trustSandboxCertificate(
    app,
    sandboxCertificateCheck(() => fetchSandboxPem(sandboxUrl())),
  );
}

/** The main window where it was last left, hidden to the tray on close. */
export async function setupMainWindow(shellState: Shell) {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const bounds = await loadBounds(
    stateFile,
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const window = createMainWindow(bounds, launchedHidden(process.argv));
  rememberBounds(window, stateFile);
  hideToTrayOnClose(window, () => shellState.quitting || !shellState.tray, process.platform);
  const seen = () => window.isVisible() && !window.isMinimized();
  // Not shown until ready-to-show (and not at all after a login launch); 'show' updates it.
  shellState.tray?.update((s) => ({ ...s, windowVisible: false }));
  for (const event of ['show', 'hide', 'minimize', 'restore'] as const) {
    window.on(event as 'show', () => shellState.tray?.update((s) => ({ ...s, windowVisible: seen() })));
  }
  shellState.window = window;
  return window;
}

/** Hands numbers from tel: links to the softphone (`phone.dial`) once its page can listen. */
export function setupTelLinks(shellState: Shell, api: ApiHost) {
  const window = shellState.window;
  window?.webContents.once('did-finish-load', () =>
    shellState.telLinks.onDial((number) => {
      bringToFront(window);
      api.emit('phone.dial', { number });
    }),
  );
}

/** The tray icon, fed by the core's events. */
export function setupTray(shellState: Shell, api: ApiHost) {
  const login = launchAtLogin(app, process.platform);
  const tray = new TrayController(
    {
      create: (icon) => new Tray(icon),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      iconPath: (icon) => TRAY_ICONS[icon],
      onAction: (action, checked) => {
        const window = shellState.window;
        if (action === 'toggle-window' && window) {
          if (window.isVisible() && !window.isMinimized()) window.hide();
          else bringToFront(window);
        }
        if (action === 'launch-at-login') {
          login.set(checked);
          tray.update((s) => ({ ...s, launchAtLogin: login.get() }));
        }
        if (action === 'restart-to-update') shellState.restartToUpdate?.();
        if (action === 'export-diagnostics') void exportDiagnostics(shellState);
        if (action === 'quit') void confirmQuit(tray.state.openPayments.length > 0);
      },
    },
    { ...initialTrayState, launchAtLogin: login.get() },
  );
  api.subscribe((name, payload) => tray.update((s) => trayStateFromEvent(s, name, payload)));
  shellState.tray = tray;
  return tray;
}

/** Quitting mid-payment would drop the capture on the floor: ask first. */
async function confirmQuit(paymentOpen: boolean) {
  if (paymentOpen) {
    const answer = await dialog.showMessageBox({
      type: 'warning',
      title: 'Callpay',
      message: 'A payment is still in progress.',
      detail: 'Quitting now leaves it unfinished. Finish or cancel the payment first, or quit anyway.',
      buttons: ['Keep Callpay open', 'Quit anyway'],
      defaultId: 0,
      cancelId: 0,
    });
    if (answer.response !== 1) return;
  }
  app.quit();
}

/** On macOS, asks for the microphone before the first call and explains a refusal. */
export function setupMicrophone() {
  return ensureMicrophoneAccess(process.platform, systemPreferences, warn);
}

/** The SecretStore on safeStorage; a weak store is explained to the user once, at start. */
export async function setupSecrets(): Promise<SecretStore> {
  const store = await createDesktopSecretStore(app.getPath('userData'), safeStorage, process.platform);
  if (store.protection.level === 'weak') warn(store.protection.warning);
  return store;
}

/** Background updates from the release feed, with a "Restart to update" prompt. */
export async function setupUpdates(shellState: Shell) {
  const policy = { packaged: app.isPackaged, sandboxOnly: import.meta.env.MAIN_VITE_SANDBOX_ONLY === '1' };
  const { enabled, reason } = updatesEnabled(policy);
  if (!enabled) return console.log(`updates: off (${reason})`);
  const { default: updaterModule } = await import('electron-updater');
  const updates = startUpdates({
    updater: updaterModule.autoUpdater,
    busy: () =>
      (shellState.tray?.state.openPayments.length ?? 0) > 0 || shellState.tray?.state.phone === 'in-call',
    ready: () => shellState.tray?.update((s) => ({ ...s, updateReady: true })),
    prompt: async (version) => {
      const answer = await dialog.showMessageBox({
        type: 'info',
        title: 'Callpay',
        ...updatePrompt(version),
      });
      return answer.response === 0;
    },
    log: (message) => console.warn(`updates: ${message}`),
  });
  shellState.restartToUpdate = updates.restart;
  return updates;
}

/** The core's log, written to callpay.log in the platform's log folder and rotated by size. */
export function setupLogFile(): AppLog {
  return createLog({ destination: new RotatingLogFile(app.getPath('logs')) });
}

/** "Export diagnostics…": logs and settings, secrets removed, card-data lines removed, saved where the user says. */
export async function exportDiagnostics(shellState: Shell) {
  const stamp = new Date().toISOString().slice(0, 10);
  const choice = await dialog.showSaveDialog({
    title: 'Export diagnostics',
    defaultPath: join(app.getPath('documents'), `callpay-diagnostics-${stamp}.txt`),
    filters: [{ name: 'Text', extensions: ['txt'] }],
  });
  if (choice.canceled || !choice.filePath) return;
  const facts = {
    version: app.getVersion(),
    electron: process.versions.electron ?? 'unknown',
    os: `${process.platform} ${process.getSystemVersion?.() ?? ''} ${process.arch}`.trim(),
    secrets: shellState.secrets?.protection.level ?? 'unknown',
  };
  const parts = await collectDiagnostics(
    app.getPath('logs'),
    join(app.getPath('userData'), 'data', 'settings.json'),
    facts,
  );
  try {
    const { text, removedLines } = diagnosticsBundle(parts, new Date());
    await writeFile(choice.filePath, text, { mode: 0o600 });
    const note = removedLines > 0 ? ` ${removedLines} line(s) that looked like card data were left out.` : '';
    void dialog.showMessageBox({ type: 'info', title: 'Callpay', message: `Diagnostics saved.${note}` });
  } catch (error) {
    warn(`Callpay could not save the diagnostics: ${(error as Error).message}`);
  }
}
