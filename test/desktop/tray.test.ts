import type { Menu, MenuItem, MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate, TrayController, type TrayLike } from '../../src-main/electron/tray';
import {
  initialTrayState,
  trayModel,
  trayStateFromEvent,
  type TrayState,
} from '../../src-main/electron/tray-model';

const state = (change: Partial<TrayState> = {}): TrayState => ({ ...initialTrayState, ...change });
const labels = (s: TrayState) => trayModel(s).items.map((i) => (i.kind === 'separator' ? '---' : i.label));

describe('the tray model', () => {
  it('shows the busiest state: a payment over a call over registered over offline', () => {
    expect(trayModel(state()).icon).toBe('offline');
    expect(trayModel(state({ phone: 'registered' })).icon).toBe('registered');
    expect(trayModel(state({ phone: 'in-call' })).icon).toBe('in-call');
    expect(trayModel(state({ phone: 'in-call', openPayments: ['p1'] })).icon).toBe('payment');
  });

  it('says what is happening and in which mode, in the tooltip and the first menu line', () => {
    const model = trayModel(state({ mode: 'sandbox', phone: 'in-call', openPayments: ['p1'] }));
    expect(model.tooltip).toBe('Callpay: Taking a payment · Sandbox mode');
    expect(model.items[0]).toEqual({ kind: 'label', label: 'Taking a payment · Sandbox mode' });
    expect(trayModel(state({ mode: 'live', phone: 'registered' })).tooltip).toBe(
      'Callpay: Ready for calls · Live',
    );
  });

  it('offers Hide while the window is visible and Show while it is hidden', () => {
    expect(labels(state({ windowVisible: true }))).toContain('Hide Callpay');
    expect(labels(state({ windowVisible: false }))).toContain('Show Callpay');
  });

  it('offers "Restart to update" only once an update is downloaded', () => {
    expect(labels(state())).not.toContain('Restart to update');
    expect(labels(state({ updateReady: true }))).toContain('Restart to update');
  });

  it('shows launch at login as a checkbox where the platform supports it, and not elsewhere', () => {
    const item = trayModel(state({ launchAtLogin: true })).items.find(
      (i) => i.kind === 'action' && i.action === 'launch-at-login',
    );
    expect(item).toMatchObject({ label: 'Open at login', checked: true });
    expect(labels(state({ launchAtLogin: undefined }))).not.toContain('Open at login');
  });

  it('always ends with Quit', () => {
    expect(labels(state()).at(-1)).toBe('Quit Callpay');
  });
});

describe('folding AppApi events into the tray state', () => {
  it('takes the mode from app.status', () => {
    expect(trayStateFromEvent(state(), 'app.status', { mode: 'live', version: '1' }).mode).toBe('live');
  });

  it('counts a payment session as open until it reaches a final phase', () => {
    let s = trayStateFromEvent(state(), 'payments.session', { id: 'a', phase: 'starting' });
    s = trayStateFromEvent(s, 'payments.session', { id: 'a', phase: 'open' });
    s = trayStateFromEvent(s, 'payments.session', { id: 'b', phase: 'open' });
    expect(s.openPayments).toEqual(['a', 'b']);
    for (const phase of ['succeeded', 'failed', 'cancelled', 'ended']) {
      expect(trayStateFromEvent(s, 'payments.session', { id: 'a', phase }).openPayments).toEqual(['b']);
    }
  });

  it("follows the softphone's reported state: offline, registered (ringing counts), in a call", () => {
    const phone = (reported: string) => trayStateFromEvent(state(), 'phone.state', { state: reported }).phone;
    expect(phone('registered')).toBe('registered');
    expect(phone('ringing')).toBe('registered');
    expect(phone('in-call')).toBe('in-call');
    expect(phone('offline')).toBe('offline');
    expect(trayModel(state({ phone: 'in-call' })).icon).toBe('in-call');
  });

  it('leaves the state alone for events it does not show', () => {
    const s = state({ mode: 'sandbox' });
    expect(trayStateFromEvent(s, 'settings.changed', { agentIdentity: 'x' })).toBe(s);
    expect(trayStateFromEvent(s, 'app.status', null)).toBe(s);
    expect(trayStateFromEvent(s, 'payments.session', { id: 'a', phase: 'bogus' })).toBe(s);
  });
});

function fakeTray() {
  const tray = {
    setImage: vi.fn(),
    setToolTip: vi.fn(),
    setContextMenu: vi.fn(),
    destroy: vi.fn(),
    on: vi.fn(),
  };
  return tray;
}

describe('the tray controller', () => {
  it('draws icon, tooltip and menu, and redraws only when what they show changes', () => {
    const tray = fakeTray();
    const buildMenu = vi.fn((template: MenuItemConstructorOptions[]) => template as unknown as Menu);
    const controller = new TrayController(
      {
        create: () => tray as unknown as TrayLike,
        buildMenu,
        iconPath: (icon) => `/icons/${icon}.png`,
        onAction: vi.fn(),
      },
      state(),
    );
    expect(tray.setImage).toHaveBeenLastCalledWith('/icons/offline.png');
    controller.update((s) => ({ ...s, phone: 'registered' }));
    expect(tray.setImage).toHaveBeenLastCalledWith('/icons/registered.png');
    expect(tray.setToolTip).toHaveBeenLastCalledWith('Callpay: Ready for calls · Starting');
    const draws = buildMenu.mock.calls.length;
    controller.update((s) => ({ ...s }));
    expect(buildMenu.mock.calls.length).toBe(draws);
  });

  it('turns a left click and menu clicks into actions', () => {
    const tray = fakeTray();
    const onAction = vi.fn();
    new TrayController(
      {
        create: () => tray as unknown as TrayLike,
        buildMenu: (t) => t as unknown as Menu,
        iconPath: () => 'x',
        onAction,
      },
      state({ launchAtLogin: false }),
    );
    (tray.on.mock.calls.find(([event]) => event === 'click')![1] as () => void)();
    expect(onAction).toHaveBeenCalledWith('toggle-window', false);
    const template = menuTemplate(trayModel(state({ launchAtLogin: false })), onAction);
    const login = template.find((item) => item.label === 'Open at login')!;
    expect(login.type).toBe('checkbox');
    login.click!({ checked: true } as MenuItem, undefined, {} as never);
    expect(onAction).toHaveBeenLastCalledWith('launch-at-login', true);
    expect(template[0]).toMatchObject({ enabled: false });
  });
});
