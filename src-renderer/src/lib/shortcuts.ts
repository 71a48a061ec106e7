/** The payment panel's keyboard shortcuts, shown in the UI and set as aria-keyshortcuts. */
export const SHORTCUTS = {
  next: { keys: 'Alt+N', label: 'Request the next field' },
  again: { keys: 'Alt+R', label: 'Request the current field again' },
  complete: { keys: 'Alt+Enter', label: 'Complete payment' },
  cancel: { keys: 'Alt+X', label: 'Cancel payment' },
} as const;
export type ShortcutAction = keyof typeof SHORTCUTS;

/** Which shortcut a key press is, if any. */
export function shortcutFor(event: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'key' | 'code'>) {
  if (!event.altKey || event.ctrlKey || event.metaKey) return undefined;
  // event.code, as Alt changes event.key on macOS (Alt+N types a tilde dead key there).
  switch (event.code) {
    case 'KeyN':
      return 'next';
    case 'KeyR':
      return 'again';
    case 'Enter':
    case 'NumpadEnter':
      return 'complete';
    case 'KeyX':
      return 'cancel';
    default:
      return undefined;
  }
}
