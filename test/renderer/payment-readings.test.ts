import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import {
  createSession,
  ORPHAN_ADOPTED_ALERT,
  reduceSession,
  START_ORPHANED_ALERT,
  StartPaymentArgs,
  type PaymentSession,
  type SessionAction,
} from '@shared/payments';
import PaymentPanel from '../../src-renderer/src/components/PaymentPanel.svelte';
import { PaymentState } from '../../src-renderer/src/lib/payment-state.svelte';
import { isoClock } from '../helpers/session-clock';
import { CALL, fakeApi } from './fake-api';

// The panel as the agent sees sessions the real reducer produced under the sandbox's readings.
const at = isoClock();
const PK = `PK${'f'.repeat(32)}`;

/** One action without its time, kept per member of the union (a plain Omit keeps only shared keys). */
type Untimed = SessionAction extends infer A ? (A extends SessionAction ? Omit<A, 'at'> : never) : never;

function session(...actions: Untimed[]): PaymentSession {
  const args = StartPaymentArgs.parse({ callSid: CALL, amount: '12.50' });
  const s = createSession({ id: 'ps-1', agent: 'agent', args, at: at() });
  return actions.reduce((x, a) => reduceSession(x, { ...a, at: at() } as SessionAction), s);
}
const cb = (params: Record<string, string>) => ({
  type: 'callback' as const,
  params: { Sid: PK, CallSid: CALL, DateUpdated: at(), ...params },
});

async function panelWith(first: PaymentSession) {
  const fake = fakeApi({
    'calls.list': () => ({ calls: [] }),
    'payments.start': () => first,
    'payments.cancel': () => ({
      ...first,
      phase: 'cancelling',
      alert: undefined,
      updatedAt: at(),
      version: first.version + 1,
    }),
  });
  const payment = new PaymentState(fake.api);
  payment.setActiveCall(CALL);
  payment.form.amount = '12.50';
  render(PaymentPanel, { payment });
  await fireEvent.click(screen.getByRole('button', { name: 'Start payment' }));
  await screen.findByRole('list', { name: 'Capture checklist' });
  return fake;
}

describe('the payment panel under each reading', () => {
  it('a start Twilio refused with 64021 after a lost answer says what happened and can be cancelled', async () => {
    const { calls } = await panelWith(session({ type: 'start-orphaned' }));
    expect(screen.getByTestId('session-alert').textContent).toBe(START_ORPHANED_ALERT.message);
    const cancel = screen.getByRole('button', { name: 'Cancel payment' }) as HTMLButtonElement;
    expect(cancel.disabled).toBe(false);
    await fireEvent.click(cancel);
    expect(calls.at(-1)?.name).toBe('payments.cancel');
  });

  it('the payment Twilio had opened, taken over, reads as open with a plain notice', async () => {
    await panelWith(
      session({ type: 'start-orphaned' }, { type: 'orphan-found', paymentSid: PK, adopt: true }),
    );
    expect(screen.getByTestId('session-alert').textContent).toBe(ORPHAN_ADOPTED_ALERT.message);
    expect((screen.getByRole('button', { name: 'Request card number' }) as HTMLButtonElement).disabled).toBe(
      false,
    );
  });

  it('after another field is requested mid-entry only that field shows Listening', async () => {
    const all = 'payment-card-number,expiration-date,security-code,postal-code';
    await panelWith(
      session(
        { type: 'started', paymentSid: PK },
        { type: 'field-requested', field: 'payment-card-number' },
        cb({
          Capture: 'payment-card-number',
          Required: all,
          PartialResult: 'true',
          PaymentCardNumber: 'xxxx',
        }),
        { type: 'field-requested', field: 'expiration-date' },
        // A keypress of the card number that was still on its way.
        cb({
          Capture: 'payment-card-number',
          Required: all,
          PartialResult: 'true',
          PaymentCardNumber: 'xxxxx',
        }),
      ),
    );
    expect(screen.getAllByText('Listening')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Request card number' })).toBeTruthy();
  });
});
