import type { BrowserWindow } from 'electron';
import type { SecretStore } from '../core/settings/secret-store';
import type { TelLinkInbox } from './tel-link';
import type { TrayController } from './tray';

/** What the desktop's parts share: the one window, the tray, and whether the app is quitting. */
export interface DesktopState {
  window: BrowserWindow | undefined;
  quitting: boolean;
  tray: TrayController | undefined;
  /** Set once an update is downloaded and ready to install. */
  restartToUpdate: (() => void) | undefined;
  telLinks: TelLinkInbox;
  /** The desktop SecretStore, handed to the core. */
  secrets: SecretStore | undefined;
}
