import type { WebContents } from 'electron';

/** Hosts whose https pages the app may open in the user's browser. */
export const EXTERNAL_HOSTS = ['www.twilio.com', 'console.twilio.com', 'help.twilio.com'];

/** True for an https URL on an allow-listed host; everything else is refused. */
export function isAllowedExternal(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && EXTERNAL_HOSTS.includes(u.hostname) && u.username === '';
  } catch {
    return false;
  }
}

/** Denies navigation and new windows; allow-listed links open in the system browser. */
export function lockNavigation(contents: WebContents, openExternal: (url: string) => unknown) {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) void openExternal(url);
    return { action: 'deny' };
  });
}
