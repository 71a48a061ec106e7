import type { App } from 'electron';
import { findTelArgument, parseTelUrl, type TelLink } from './tel-link';

/** The slice of `app` the single-instance lock uses. */
export type InstanceApp = Pick<App, 'requestSingleInstanceLock' | 'quit'> & {
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
};

export interface InstanceHandlers {
  /** Brings the existing window to the front. */
  focus(): void;
  /** A tel: link arrived, read and validated. */
  openTel(link: TelLink): void;
}

/**
 * Keeps one Callpay running. A second launch quits at once; the first focuses its window and takes
 * the second's `tel:` link (from its command line on Windows and Linux, `open-url` on macOS).
 * Returns false in the instance that must quit, and hands its own start-up link to `openTel`.
 */
export function setupSingleInstance(app: InstanceApp, argv: readonly string[], handlers: InstanceHandlers) {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  const hand = (url: string | undefined) => url !== undefined && handlers.openTel(parseTelUrl(url));
  app.on('second-instance', (_event, secondArgv) => {
    handlers.focus();
    hand(findTelArgument(secondArgv));
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    handlers.focus();
    hand(url);
  });
  hand(findTelArgument(argv));
  return true;
}
