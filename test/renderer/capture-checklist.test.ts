import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ChecklistRow from '../../src-renderer/src/components/ChecklistRow.svelte';
import PaymentPanel from '../../src-renderer/src/components/PaymentPanel.svelte';
import { PaymentState } from '../../src-renderer/src/lib/payment-state.svelte';
import { rowFor } from '../../src-renderer/src/lib/checklist';
import { CALL, cardSession, fakeApi } from './fake-api';

async function openPanel(session = cardSession()) {
  const fake = fakeApi({
    'calls.list': () => ({ calls: [] }),
    'payments.start': () => session,
    'payments.request': (args) => cardSession({ activeField: (args as { field: never }).field }),
    'payments.complete': () =>
      cardSession({ phase: 'completing', updatedAt: '2026-11-26T11:00:00.000Z', version: 3600 }),
    'payments.cancel': () =>
      cardSession({ phase: 'cancelling', updatedAt: '2026-11-26T11:00:00.000Z', version: 3600 }),
  });
  const payment = new PaymentState(fake.api);
  payment.setActiveCall(CALL);
  payment.form.amount = '12.50';
  render(PaymentPanel, { payment });
  await fireEvent.click(screen.getByRole('button', { name: 'Start payment' }));
  await screen.findByRole('list', { name: 'Capture checklist' });
  return { ...fake, payment };
}

describe('a checklist row', () => {
  it('shows a live digit count while listening', () => {
    const row = rowFor(
      { field: 'payment-card-number', status: 'capturing', display: '•••••••' },
      { card: {} },
    );
    render(ChecklistRow, { row, onrequest: () => undefined });
    expect(screen.getByText('7 of 16 digits')).toBeTruthy();
    expect(screen.getByText('Listening')).toBeTruthy();
  });

  it('shows a retry in plain words with what to tell the customer, and its Request button works', async () => {
    let asked = 0;
    const row = rowFor(
      { field: 'expiration-date', status: 'error', errorType: 'invalid-date' },
      { card: {} },
    );
    render(ChecklistRow, { row, onrequest: () => asked++ });
    expect(screen.getByRole('alert').textContent).toMatch(/Expiration date not valid\..*Tell the customer/s);
    await fireEvent.click(screen.getByRole('button', { name: 'Request expiration date' }));
    expect(asked).toBe(1);
  });
});

describe('the payment panel', () => {
  it('starts a payment and lets the agent request fields in any order', async () => {
    const { calls } = await openPanel();
    const payment = screen.getByRole('region', { name: 'Payment' });
    await fireEvent.click(within(payment).getByRole('button', { name: 'Request postal code' }));
    await fireEvent.click(within(payment).getByRole('button', { name: 'Request card number' }));
    expect(
      calls.filter((c) => c.name === 'payments.request').map((c) => (c.args as { field: string }).field),
    ).toEqual(['postal-code', 'payment-card-number']);
  });

  it('enables Complete payment only when nothing is left to capture; Cancel payment always', async () => {
    const { emit } = await openPanel();
    const complete = screen.getByRole('button', { name: 'Complete payment' }) as HTMLButtonElement;
    const cancel = screen.getByRole('button', { name: 'Cancel payment' }) as HTMLButtonElement;
    expect(complete.disabled).toBe(true);
    expect(cancel.disabled).toBe(false);
    emit(
      'payments.session',
      cardSession({
        readyToComplete: true,
        updatedAt: '2026-11-26T10:30:00.000Z',
        version: 1800,
        fields: [{ field: 'payment-card-number', status: 'captured', display: '•••• 1111' }],
        card: { brand: 'visa', last4: '1111' },
      }),
    );
    await screen.findByText('•••• 1111');
    expect(complete.disabled).toBe(false);
  });

  it('answers the keyboard shortcuts shown on screen', async () => {
    const { calls } = await openPanel();
    expect(screen.getByText('Alt+N')).toBeTruthy();
    await fireEvent.keyDown(window, { key: 'n', code: 'KeyN', altKey: true });
    await fireEvent.keyDown(window, { key: 'x', code: 'KeyX', altKey: true });
    expect(calls.map((c) => c.name)).toContain('payments.request');
    expect(calls.at(-1)?.name).toBe('payments.cancel');
  });

  it('shows the result card with the confirmation code when the payment succeeds', async () => {
    const { emit } = await openPanel();
    emit(
      'payments.session',
      cardSession({
        phase: 'succeeded',
        updatedAt: '2026-11-26T12:00:00.000Z',
        version: 7200,
        card: { brand: 'visa', last4: '1111' },
        result: { result: 'success', confirmationCode: 'ch_123' },
      }),
    );
    expect(await screen.findByRole('heading', { name: 'Payment successful' })).toBeTruthy();
    expect(screen.getByText('ch_123')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy confirmation code' })).toBeTruthy();
  });
});

describe('the payment panel after Callpay restarted', () => {
  async function resumed(session: ReturnType<typeof cardSession>) {
    const fake = fakeApi({
      'calls.list': () => ({ calls: [] }),
      'payments.get': () => ({ sessions: [session] }),
      'payments.start': () => cardSession({ id: 'ps-2' }),
      'payments.cancel': () => ({
        ...session,
        phase: 'cancelling',
        updatedAt: '2026-11-26T12:00:00.000Z',
        version: session.version + 1,
      }),
    });
    const payment = new PaymentState(fake.api);
    payment.setActiveCall(CALL);
    render(PaymentPanel, { payment });
    await payment.resume();
    await screen.findByRole('list', { name: 'Capture checklist' });
    return { ...fake, payment };
  }

  it('shows an interrupted completion as "Result unknown", and takes it again only once the agent says it was not charged', async () => {
    const { calls, payment } = await resumed(
      cardSession({
        phase: 'completing',
        message: 'Result unknown: check before charging again.',
        alert: {
          code: 'result_unknown',
          message: 'Result unknown: check before charging again. Callpay restarted.',
        },
      }),
    );
    expect(screen.getByTestId('session-alert').textContent).toMatch(
      /^Result unknown: check before charging again/,
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Checked: not charged, take it again' }));
    payment.form.amount = '12.50';
    await fireEvent.click(await screen.findByRole('button', { name: 'Start payment' }));
    const start = calls.find((c) => c.name === 'payments.start');
    expect(start?.args).toMatchObject({ callSid: CALL, confirmUnknownResult: true });
  });

  it('lets the agent cancel a session left open at Twilio', async () => {
    const { calls } = await resumed(
      cardSession({
        alert: { code: 'restored_open', message: 'Callpay restarted while this payment was open.' },
      }),
    );
    expect(screen.getByTestId('session-alert').textContent).toMatch(/restarted while this payment was open/);
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel payment' }));
    expect(calls.filter((c) => c.name === 'payments.cancel').map((c) => c.args)).toEqual([
      { sessionId: 'ps-1' },
    ]);
  });
});
