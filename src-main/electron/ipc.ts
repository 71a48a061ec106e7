import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { COMMAND_NAMES, commandChannel, eventChannel, type EventName } from '@shared/api';
import type { Envelope } from '@shared/api';
import type { ApiHost } from '../core/api/host';

/** The slice of ipcMain the wrapper uses, so it can be exercised without Electron. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** Decides whether an invocation came from a frame the app itself created. */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

const refused: Envelope = {
  ok: false,
  error: { code: 'forbidden', message: 'This window may not use Callpay.' },
};

/**
 * Registers every AppApi command on ipcMain. A message from a frame the app did not create is
 * dropped before the host sees it; the host validates arguments before any handler runs.
 */
export function registerAppApi(ipcMain: IpcMainLike, host: ApiHost, isTrusted: SenderCheck) {
  for (const name of COMMAND_NAMES) {
    ipcMain.handle(commandChannel(name), async (event, args) =>
      isTrusted(event) ? host.dispatch(name, args) : refused,
    );
  }
  return () => COMMAND_NAMES.forEach((name) => ipcMain.removeHandler(commandChannel(name)));
}

/** Forwards AppApi events to the given window's renderer. */
export function forwardEvents(host: ApiHost, target: () => WebContents | undefined) {
  return host.subscribe((name: EventName, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(eventChannel(name), payload);
  });
}

/**
 * True when `url` is the app's own document: the same file for a file:// app (any query or hash),
 * the same origin for the dev server.
 */
export function isAppDocument(url: string, appUrl: string): boolean {
  try {
    const app = new URL(appUrl);
    const u = new URL(url);
    return u.protocol === 'file:'
      ? u.protocol === app.protocol && u.pathname === app.pathname
      : // Compared by scheme and host: a custom scheme's URL origin is always "null".
        u.protocol === app.protocol && u.host === app.host && app.protocol !== 'file:';
  } catch {
    return false;
  }
}

/**
 * Trusts only the main frame of the app's own windows, loaded from the app's own URL.
 * `appUrl` is the renderer's entry (a file:// URL when packaged, the dev server in development).
 */
export function appFrameCheck(appUrl: string, windows: () => WebContents[]): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame !== event.sender.mainFrame) return false;
    if (!windows().some((contents) => contents.id === event.sender.id)) return false;
    return isAppDocument(frame.url, appUrl);
  };
}
