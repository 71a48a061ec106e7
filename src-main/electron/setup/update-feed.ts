import { app, dialog } from 'electron';
import type { DesktopState } from '../desktop-state';
import { startUpdates, updatePrompt, updatesEnabled } from '../updates';

/** Background updates from the release feed, with a "Restart to update" prompt. */
export async function setupUpdates(desktop: DesktopState) {
  const policy = { packaged: app.isPackaged, sandboxOnly: import.meta.env.MAIN_VITE_SANDBOX_ONLY === '1' };
  const { enabled, reason } = updatesEnabled(policy);
  if (!enabled) return console.log(`updates: off (${reason})`);
  const { default: updaterModule } = await import('electron-updater');
  const updates = startUpdates({
    updater: updaterModule.autoUpdater,
    busy: () => (desktop.tray?.state.openPayments.length ?? 0) > 0 || desktop.tray?.state.phone === 'in-call',
    ready: () => desktop.tray?.update((s) => ({ ...s, updateReady: true })),
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
  desktop.restartToUpdate = updates.restart;
  return updates;
}
