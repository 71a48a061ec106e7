import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { AppStatus } from '@shared/api/status';
import CallbackAlert from '../../src-renderer/src/components/CallbackAlert.svelte';
import StatusBar from '../../src-renderer/src/components/StatusBar.svelte';
import { AppState } from '../../src-renderer/src/lib/app-state.svelte';
import { PaymentState } from '../../src-renderer/src/lib/payment-state.svelte';
import type { ApiClient } from '../../src-renderer/src/lib/api';
import { CALL, cardSession, fakeApi } from './fake-api';

const live = (tunnel: 'ok' | 'down'): AppStatus => ({
  mode: 'live',
  version: '1.0.0',
  health: {
    webhooks: { state: 'ok', detail: '' },
    tunnel: { state: tunnel, detail: tunnel === 'ok' ? 'Open.' : 'Reconnecting.' },
    twilio: { state: 'ok', detail: '' },
  },
  urls: { publicUrl: 'https://calm-fox.loca.lt' },
});

async function setup(tunnel: 'ok' | 'down', listening: boolean) {
  const fake = fakeApi({
    'app.status': () => live(tunnel),
    'settings.get': () => ({ agentIdentity: 'agent', twilio: {}, tunnel: { provider: 'localtunnel' } }),
    'payments.start': () =>
      cardSession({
        activeField: listening ? 'payment-card-number' : undefined,
        fields: [{ field: 'payment-card-number', status: listening ? 'requested' : 'pending' }],
      }),
  });
  const client = { ...fake.api, connection: 'connected', onConnection: () => () => undefined } as ApiClient;
  const app = new AppState(client);
  await app.start();
  const payment = new PaymentState(fake.api);
  payment.setActiveCall(CALL);
  payment.form.amount = '1';
  await payment.start();
  return { app, payment };
}

describe('the status bar and the callbacks alert', () => {
  it('shows the mode, each connection and the public URL', async () => {
    const { app } = await setup('ok', false);
    render(StatusBar, { state: app });
    expect(screen.getByTestId('mode').textContent).toBe('Live');
    expect(screen.getByTestId('health-tunnel').textContent).toMatch(/Tunnel: up/);
    expect(screen.getByText('https://calm-fox.loca.lt')).toBeTruthy();
  });

  it('alerts when the tunnel is down while a field is being captured', async () => {
    const { app, payment } = await setup('down', true);
    render(CallbackAlert, { state: app, payment });
    expect(screen.getByRole('alert').textContent).toMatch(/not arriving/);
  });

  it('stays quiet when the tunnel is down but nothing is being captured', async () => {
    const { app, payment } = await setup('down', false);
    render(CallbackAlert, { state: app, payment });
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('what the status bar says about the audit log and the settings', () => {
  const status = (over: Partial<AppStatus>): AppStatus => ({ ...live('ok'), mode: 'sandbox', ...over });
  async function shown(value: AppStatus) {
    const fake = fakeApi({
      'app.status': () => value,
      'settings.get': () => ({ agentIdentity: 'agent', twilio: {}, tunnel: { provider: 'localtunnel' } }),
    });
    const client = { ...fake.api, connection: 'connected', onConnection: () => () => undefined } as ApiClient;
    const app = new AppState(client);
    await app.start();
    render(StatusBar, { state: app });
  }

  it('says in words when the audit log cannot be written', async () => {
    const detail =
      'Callpay cannot write its audit log: the disk is full. New payments are refused until it can.';
    await shown(status({ health: { ...live('ok').health, audit: { state: 'down', detail } } }));
    expect(screen.getByTestId('health-audit-log').textContent).toMatch(/Audit log: down/);
    expect(screen.getByTestId('audit-problem').textContent).toBe(detail);
  });

  it('says that a settings file was kept aside and the app runs in sandbox mode', async () => {
    const message =
      'Callpay could not use its settings file (…), so it kept it as /x and started with default settings, in sandbox mode.';
    await shown(status({ notices: [{ code: 'settings_kept_aside', message }] }));
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain(message);
  });
});
