import { isTerminal, Phase } from '@shared/payments/session';

/** What the tray shows, gathered from AppApi events and the window. */
export interface TrayState {
  mode: 'sandbox' | 'live' | 'unknown';
  /** The softphone: not registered, registered and idle, or on a call. */
  phone: 'offline' | 'registered' | 'in-call';
  /** Ids of payment sessions that have not finished. */
  openPayments: readonly string[];
  windowVisible: boolean;
  /** Undefined where the platform has no launch-at-login setting Electron can change. */
  launchAtLogin: boolean | undefined;
  updateReady: boolean;
}

export type TrayIcon = 'offline' | 'registered' | 'in-call' | 'payment';
export type TrayAction =
  'toggle-window' | 'launch-at-login' | 'restart-to-update' | 'export-diagnostics' | 'quit';

export type TrayItem =
  | { kind: 'label'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; action: TrayAction; label: string; checked?: boolean };

export interface TrayModel {
  icon: TrayIcon;
  tooltip: string;
  items: TrayItem[];
}

export const initialTrayState: TrayState = {
  mode: 'unknown',
  phone: 'offline',
  openPayments: [],
  windowVisible: true,
  launchAtLogin: undefined,
  updateReady: false,
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * Folds one AppApi event into the tray state. Payloads were checked against their schemas by the
 * ApiHost before they were emitted; events the tray does not show leave the state as it was.
 */
export function trayStateFromEvent(state: TrayState, name: string, payload: unknown): TrayState {
  if (!isRecord(payload)) return state;
  if (name === 'app.status' && (payload.mode === 'sandbox' || payload.mode === 'live')) {
    return { ...state, mode: payload.mode };
  }
  if (name === 'phone.state') {
    const phone =
      payload.state === 'in-call' ? 'in-call' : payload.state === 'offline' ? 'offline' : 'registered';
    return { ...state, phone };
  }
  const phase = Phase.safeParse(payload.phase);
  if (name === 'payments.session' && typeof payload.id === 'string' && phase.success) {
    const others = state.openPayments.filter((id) => id !== payload.id);
    const open = isTerminal(phase.data) ? others : [...others, payload.id];
    return { ...state, openPayments: open };
  }
  return state;
}

/** The tray's icon, tooltip and menu for a state. The busiest state wins the icon. */
export function trayModel(state: TrayState): TrayModel {
  const icon: TrayIcon =
    state.openPayments.length > 0 ? 'payment' : state.phone === 'offline' ? 'offline' : state.phone;
  const activity = {
    payment: 'Taking a payment',
    'in-call': 'In a call',
    registered: 'Ready for calls',
    offline: 'Not connected for calls',
  }[icon];
  const mode = { sandbox: 'Sandbox mode', live: 'Live', unknown: 'Starting' }[state.mode];
  const status = `${activity} · ${mode}`;
  const items: TrayItem[] = [
    { kind: 'label', label: status },
    { kind: 'separator' },
    {
      kind: 'action',
      action: 'toggle-window',
      label: state.windowVisible ? 'Hide Callpay' : 'Show Callpay',
    },
  ];
  if (state.updateReady)
    items.push({ kind: 'action', action: 'restart-to-update', label: 'Restart to update' });
  if (state.launchAtLogin !== undefined) {
    items.push({
      kind: 'action',
      action: 'launch-at-login',
      label: 'Open at login',
      checked: state.launchAtLogin,
    });
  }
  items.push(
    { kind: 'action', action: 'export-diagnostics', label: 'Export diagnostics…' },
    { kind: 'separator' },
    { kind: 'action', action: 'quit', label: 'Quit Callpay' },
  );
  return { icon, tooltip: `Callpay: ${status}`, items };
}
