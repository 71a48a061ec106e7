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
    'payments.complete': () => cardSession({ phase: 'completing', updatedAt: '2026-11-26T11:00:00.000Z' }),
    'payments.cancel': () => cardSession({ phase: 'cancelling', updatedAt: '2026-11-26T11:00:00.000Z' }),
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
        card: { brand: 'visa', last4: '1111' },
        result: { result: 'success', confirmationCode: 'ch_123' },
      }),
    );
    expect(await screen.findByRole('heading', { name: 'Payment successful' })).toBeTruthy();
    expect(screen.getByText('ch_123')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy confirmation code' })).toBeTruthy();
  });
});
