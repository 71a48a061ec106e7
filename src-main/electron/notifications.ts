import type { BrowserWindow, Notification, NotificationConstructorOptions } from 'electron';

/** An incoming call as the phone code knows it. */
export interface IncomingCall {
  /** The caller's number or client identity, as Twilio gave it. */
  from: string;
  /** A name for the caller, when one is known. */
  name?: string;
}

export interface NotifyDeps {
  window: () => Pick<BrowserWindow, 'isVisible' | 'isMinimized'> | undefined;
  supported: () => boolean;
  show: (options: NotificationConstructorOptions, onClick: () => void) => void;
  focus: () => void;
}

/** The notification's title and text for a call. */
export function incomingCallNotice(call: IncomingCall): NotificationConstructorOptions {
  const who = call.name ? `${call.name} (${call.from})` : call.from;
  return {
    title: 'Incoming call',
    body: `${who} is calling. Click to answer in Callpay.`,
    urgency: 'critical',
  };
}

/**
 * Returns the function the phone code calls when a call rings: when the window is hidden or
 * minimised it shows a notification whose click brings the window forward. Returns whether one
 * was shown (a visible window shows the call itself).
 */
export function incomingCallNotifier(deps: NotifyDeps) {
  return (call: IncomingCall): boolean => {
    const window = deps.window();
    const hidden = !window || !window.isVisible() || window.isMinimized();
    if (!hidden || !deps.supported()) return false;
    deps.show(incomingCallNotice(call), deps.focus);
    return true;
  };
}

type NotificationClass = {
  new (options: NotificationConstructorOptions): Notification;
  isSupported(): boolean;
};

/** `show` and `supported` for NotifyDeps, from Electron's Notification class. */
export function electronNotifications(NotificationCtor: NotificationClass) {
  // Electron drops click events of notifications that were garbage collected: hold them until closed.
  const live = new Set<Notification>();
  return {
    supported: () => NotificationCtor.isSupported(),
    show: (options: NotificationConstructorOptions, onClick: () => void) => {
      const notification = new NotificationCtor(options);
      live.add(notification);
      notification.on('click', onClick);
      notification.on('close', () => live.delete(notification));
      notification.show();
    },
  };
}
