import offline from '../../build/tray/tray-offline.png?asset';
import registered from '../../build/tray/tray-registered.png?asset';
import inCall from '../../build/tray/tray-in-call.png?asset';
import payment from '../../build/tray/tray-payment.png?asset';
import type { TrayIcon } from './tray-model';

/** The tray image for each state, rendered from build/icon.svg by build/generate-icons.mjs. */
export const TRAY_ICONS: Record<TrayIcon, string> = { offline, registered, 'in-call': inCall, payment };
