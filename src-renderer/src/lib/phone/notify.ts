/** A desktop notification for an incoming call, only when the window is hidden (otherwise the banner is enough). */
export function notifyIncoming(from: string): void {
  if (!document.hidden || typeof Notification === 'undefined') return;
  if (Notification.permission !== 'granted') return;
  const note = new Notification('Incoming call', { body: `From ${from}`, tag: 'callpay-incoming' });
  note.onclick = () => {
    // Focus only: answering stays a deliberate press of Accept.
    window.focus();
    note.close();
  };
}

/** Asks once for permission to notify, so a hidden window can still announce calls. */
export function askToNotify(): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default')
    void Notification.requestPermission().catch(() => undefined);
}
