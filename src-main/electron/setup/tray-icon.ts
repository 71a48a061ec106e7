import { app, dialog, Menu, Tray } from 'electron';
import type { ApiHost } from '../../core/api/host';
import type { DesktopState } from '../desktop-state';
import { launchAtLogin } from '../login-item';
import { TrayController } from '../tray';
import { TRAY_ICONS } from '../tray-icons';
import { initialTrayState, trayStateFromEvent } from '../tray-model';
import { bringToFront } from '../window-behaviour';
import { exportDiagnostics } from './diagnostics-export';

/** The tray icon, fed by the core's events. */
export function setupTray(desktop: DesktopState, api: ApiHost) {
  const login = launchAtLogin(app, process.platform);
  const tray = new TrayController(
    {
      create: (icon) => new Tray(icon),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      iconPath: (icon) => TRAY_ICONS[icon],
      onAction: (action, checked) => {
        const window = desktop.window;
        if (action === 'toggle-window' && window) {
          if (window.isVisible() && !window.isMinimized()) window.hide();
          else bringToFront(window);
        }
        if (action === 'launch-at-login') {
          login.set(checked);
          tray.update((s) => ({ ...s, launchAtLogin: login.get() }));
        }
        if (action === 'restart-to-update') desktop.restartToUpdate?.();
        if (action === 'export-diagnostics') void exportDiagnostics(desktop);
        if (action === 'quit') void confirmQuit(tray.state.openPayments.length > 0);
      },
    },
    { ...initialTrayState, launchAtLogin: login.get() },
  );
  api.subscribe((name, payload) => tray.update((s) => trayStateFromEvent(s, name, payload)));
  desktop.tray = tray;
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
