import type { AppUpdater, UpdateDownloadedEvent } from 'electron-updater';

/** How often a running app looks for a new release. */
export const CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

export interface UpdatePolicy {
  /** Only a packaged app has the feed (app-update.yml, written by electron-builder's `publish`). */
  packaged: boolean;
  /** Set at build time (MAIN_VITE_SANDBOX_ONLY=1): a training build that must never change itself. */
  sandboxOnly: boolean;
}

/** Whether this build looks for updates, and if not, why not (for the log). */
export function updatesEnabled(policy: UpdatePolicy): { enabled: boolean; reason: string } {
  if (policy.sandboxOnly) return { enabled: false, reason: 'sandbox-only builds are never updated' };
  if (!policy.packaged) return { enabled: false, reason: 'development runs have no update feed' };
  return { enabled: true, reason: 'checking the release feed' };
}

export type Updater = Pick<AppUpdater, 'checkForUpdates' | 'quitAndInstall'> & {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  on(event: 'update-downloaded', listener: (info: UpdateDownloadedEvent) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
};

export interface UpdateDeps {
  updater: Updater;
  /** Asks the agent; resolves true for "Restart to update". Never asked during a call or payment. */
  prompt(version: string): Promise<boolean>;
  /** Whether restarting now would cut off a call or a payment. */
  busy(): boolean;
  /** A downloaded update is waiting: the tray shows "Restart to update" from now on. */
  ready(version: string): void;
  log(message: string): void;
}

/**
 * Downloads new releases in the background and offers "Restart to update" once one is ready.
 * A declined or postponed update installs when the app next quits. Returns `restart` for the
 * tray item and `stop` to end the periodic check.
 */
export function startUpdates(deps: UpdateDeps, intervalMs = CHECK_INTERVAL_MS) {
  const { updater } = deps;
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.on('error', (error) => deps.log(`update check failed: ${error.message}`));
  updater.on('update-downloaded', (info) => {
    deps.ready(info.version);
    if (deps.busy()) return;
    void deps.prompt(info.version).then((restart) => restart && updater.quitAndInstall());
  });
  const check = () => void updater.checkForUpdates().catch((error: Error) => deps.log(error.message));
  check();
  const timer = setInterval(check, intervalMs);
  timer.unref?.();
  return { restart: () => updater.quitAndInstall(), stop: () => clearInterval(timer) };
}

/** The text of the "Restart to update" prompt. */
export function updatePrompt(version: string) {
  return {
    message: `Callpay ${version} is ready to install.`,
    detail: 'Restart now to use it, or later: it installs by itself the next time Callpay quits.',
    buttons: ['Restart to update', 'Later'],
  };
}
