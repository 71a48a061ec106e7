import { join } from 'node:path';
import { app, screen } from 'electron';
import type { DesktopState } from '../desktop-state';
import { launchedHidden } from '../login-item';
import { hideToTrayOnClose } from '../window-behaviour';
import { loadBounds, rememberBounds } from '../window-state';
import { createMainWindow } from '../windows';

/** The main window where it was last left, hidden to the tray on close. */
export async function setupMainWindow(desktop: DesktopState) {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const bounds = await loadBounds(
    stateFile,
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const window = createMainWindow(bounds, launchedHidden(process.argv));
  rememberBounds(window, stateFile);
  hideToTrayOnClose(window, () => desktop.quitting || !desktop.tray, process.platform);
  const seen = () => window.isVisible() && !window.isMinimized();
  // Not shown until ready-to-show (and not at all after a login launch); 'show' updates it.
  desktop.tray?.update((s) => ({ ...s, windowVisible: false }));
  for (const event of ['show', 'hide', 'minimize', 'restore'] as const) {
    window.on(event as 'show', () => desktop.tray?.update((s) => ({ ...s, windowVisible: seen() })));
  }
  desktop.window = window;
  return window;
}
