import type { App } from 'electron';

export type LoginItemApp = Pick<App, 'getLoginItemSettings' | 'setLoginItemSettings'>;

/**
 * Launch at login, as an option the agent turns on from the tray. Electron can only set it on
 * macOS and Windows; elsewhere `get` returns undefined and the tray leaves the item out.
 */
export function launchAtLogin(app: LoginItemApp, platform: NodeJS.Platform) {
  const supported = platform === 'darwin' || platform === 'win32';
  return {
    get: (): boolean | undefined => (supported ? app.getLoginItemSettings().openAtLogin : undefined),
    set(enabled: boolean) {
      // Starting hidden keeps a login launch from throwing a window at the agent.
      if (supported) app.setLoginItemSettings({ openAtLogin: enabled, args: ['--hidden'] });
    },
  };
}

/** Whether this launch came from the login item, so the window should stay in the tray. */
export function launchedHidden(argv: readonly string[], wasOpenedAsHidden = false): boolean {
  return wasOpenedAsHidden || argv.includes('--hidden');
}
