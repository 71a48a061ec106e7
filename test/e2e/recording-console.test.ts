import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings } from '@shared/api/settings';
import type { Core } from '../../src-main/core/compose';
import type { ConsolePage } from './console-page';
import { startSandboxConsole, type SandboxConsole } from './sandbox-console';
import { shotBoth } from './screens';

let run: SandboxConsole;
let core: Core;
let ui: ConsolePage;

beforeAll(async () => {
  ({ core, ui } = run = await startSandboxConsole({ name: 'e2e-recording-' }));
});

afterAll(async () => {
  await run?.close();
});

const notice = () => ui.payment.getByTestId('recording-notice');
const recordings = () => core.sandbox()!.recordings.all();

/** Twilio listens once its capture request is answered, as after its prompt. */
const listening = () => expect.poll(() => core.payments.list()[0]?.pendingWrite === undefined).toBe(true);

/** The customer keys the Visa test card once Twilio listens. */
async function keyCard() {
  await listening();
  await ui.keyTestCard('1111');
}

async function keyOnceListening(keys: string) {
  await listening();
  await ui.key(keys);
}

async function turnOnRecording() {
  await ui.page.getByRole('button', { name: 'Settings', exact: true }).click();
  const toggle = ui.page.getByRole('checkbox', { name: 'Record calls' });
  // Off until the agent turns it on (a retry of this test finds it on already).
  const saved = await core.api.dispatch('settings.get', {});
  if (!(saved.ok && (saved.value as Settings).recordCalls)) expect(await toggle.isChecked()).toBe(false);
  await toggle.check();
  await expect
    .poll(() => core.api.dispatch('settings.get', {}).then((e) => e.ok && e.value))
    .toMatchObject({
      recordCalls: true,
    });
  await shotBoth(ui.page, 'recording-setting-on');
  await ui.page.getByRole('button', { name: 'Console', exact: true }).click();
}

describe('the recording guard in the console, against the sandbox', () => {
  it('pauses the call recording for the payment, says so, and keeps every keyed digit out of it', async () => {
    await turnOnRecording();
    await ui.customerOnCall();
    await ui.payment.getByLabel('Reference').fill('INV-2041');
    await ui.start({ amount: '30.00' });
    await expect.poll(() => notice().textContent()).toContain('Recording paused for payment');
    await shotBoth(ui.page, 'recording-paused-for-payment');

    await ui.capture('Card number', 'Request card number', keyCard);
    await ui.capture('Expiration date', 'Request expiration date', () => keyOnceListening('1230#'));
    await ui.capture('Security code', 'Request security code', () => keyOnceListening('123#'));
    await ui.capture('Postal code', 'Request postal code', () => keyOnceListening('94105#'));
    await ui.button('Complete payment').click();
    expect(await ui.resultTitle()).toBe('Payment successful');
    await expect.poll(() => notice().textContent()).toContain('Recording resumed after the payment');

    const [recording] = recordings();
    expect(recording!.intervals.map((i) => i.kind)).toEqual(['recorded', 'silence', 'recorded']);
    expect(recording!.intervals.filter((i) => i.kind === 'recorded').map((i) => i.keys)).toEqual([0, 0]);
    expect(recording!.intervals[1]!.keys).toBeGreaterThan(20);
    await ui.payment.getByRole('button', { name: 'New payment' }).click();
  });

  it('finds the payment in History by the reference typed before starting', async () => {
    expect(core.sandbox()!.ledger().at(-1)?.description).toBe('INV-2041');
    await ui.page.getByRole('button', { name: 'History', exact: true }).click();
    const history = ui.page.getByRole('region', { name: 'History' });
    await history.getByLabel('Search').fill('inv-2041');
    await expect.poll(() => history.getByRole('row').count()).toBe(2);
    expect(await history.getByRole('row').nth(1).textContent()).toContain('INV-2041');
    await shotBoth(ui.page, 'history-found-by-reference');
    await ui.page.getByRole('button', { name: 'Console', exact: true }).click();
  });

  it('asks for nothing while the pause fails, until the agent stops the recording', async () => {
    core.sandbox()!.recordings.faults.pause = true;
    await ui.sandbox.getByRole('button', { name: 'Hang up as the customer' }).click();
    await ui.sandbox.getByRole('button', { name: 'Call in as a customer' }).waitFor();
    await ui.customerOnCall();
    await ui.start({ amount: '31.00' });
    await expect.poll(() => notice().getAttribute('data-state'), { timeout: 10_000 }).toBe('pause-failed');
    await ui.button('Request card number').click();
    await expect
      .poll(() => ui.payment.getByRole('alert').allTextContents())
      .toContainEqual(expect.stringContaining('could not be paused, so no card details will be asked for'));
    expect(await ui.rowState('Card number')).not.toBe('Listening');
    await shotBoth(ui.page, 'recording-pause-failed');

    await ui.payment.getByRole('button', { name: 'Stop the recording' }).click();
    await expect.poll(() => notice().getAttribute('data-state')).toBe('stopped');
    await ui.capture('Card number', 'Request card number', keyCard);
    await shotBoth(ui.page, 'recording-stopped-capturing');
    const recording = recordings().at(-1)!;
    expect(recording.status).toBe('stopped');
    expect(recording.intervals.every((i) => i.keys === 0)).toBe(true);
    core.sandbox()!.recordings.faults.pause = false;
  });
});
