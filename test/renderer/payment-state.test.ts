import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/api/errors';
import type { PaymentSession } from '@shared/payments';
import { PaymentState } from '../../src-renderer/src/lib/payment-state.svelte';
import { CALL, OTHER_CALL, cardSession, fakeApi } from './fake-api';

const inProgress = (sid: string) => ({
  sid,
  from: '+14155550123',
  to: '+14155550100',
  status: 'in-progress',
});

describe('PaymentState', () => {
  it('auto-selects the call to charge when exactly one call is in progress', async () => {
    const calls = [inProgress(CALL)];
    const { api } = fakeApi({ 'calls.list': () => ({ calls }) });
    const payment = new PaymentState(api);
    await payment.calls.refresh();
    expect(payment.calls.callSid).toBe(CALL);

    calls.push(inProgress(OTHER_CALL));
    await payment.calls.refresh();
    expect(payment.calls.callSid).toBe(CALL);
    calls.shift();
    await payment.calls.refresh();
    // The picked call ended; with one call left it is picked again.
    expect(payment.calls.callSid).toBe(OTHER_CALL);
  });

  it('charges the softphone’s active call over the one picked in the list', async () => {
    const { api, calls } = fakeApi({
      'calls.list': () => ({ calls: [inProgress(OTHER_CALL)] }),
      'payments.start': () => cardSession(),
    });
    const payment = new PaymentState(api);
    await payment.calls.refresh();
    payment.setActiveCall(CALL);
    payment.form.amount = '12.50';
    await payment.start();
    expect(calls.find((c) => c.name === 'payments.start')?.args).toMatchObject({
      callSid: CALL,
      amount: '12.50',
      currency: 'USD',
      method: 'credit-card',
    });
    expect(payment.session?.id).toBe('ps-1');
  });

  it('shows an error the core returns for a field next to that field', async () => {
    const { api } = fakeApi({
      'payments.start': () => {
        throw new AppError('invalid_argument', 'JPY has no minor units.', 'amount');
      },
    });
    const payment = new PaymentState(api);
    payment.setActiveCall(CALL);
    payment.form.amount = '5';
    await payment.start();
    expect(payment.form.visibleError('amount')).toBe('JPY has no minor units.');
    expect(payment.error).toBeUndefined();
    payment.form.amount = '6';
    await payment.start();
    expect(payment.form.visibleError('amount')).toBe('JPY has no minor units.');
  });

  /** A card-number request whose answer (`answer`) arrives after the event of its capture (version 2, 10:00:02). */
  async function answeredAfterTheEvent(answer: PaymentSession) {
    const { api, emit } = fakeApi({
      'payments.start': () => cardSession(),
      'payments.request': () => answer,
    });
    const payment = new PaymentState(api);
    payment.setActiveCall(CALL);
    payment.form.amount = '1';
    await payment.start();
    const request = payment.request('payment-card-number');
    emit(
      'payments.session',
      cardSession({
        updatedAt: '2026-11-26T10:00:02.000Z',
        version: 2,
        activeField: 'payment-card-number',
        fields: [{ field: 'payment-card-number', status: 'capturing', display: '•••' }],
      }),
    );
    await request;
    return { payment, emit };
  }

  it('follows session events and ignores a command answer older than the last event', async () => {
    const stale = cardSession({ updatedAt: '2026-11-26T10:00:01.000Z', version: 1 });
    const { payment, emit } = await answeredAfterTheEvent(stale);
    expect(payment.rows[0]).toMatchObject({ state: 'listening', keyed: 3 });
    // Events for another session change nothing here.
    emit('payments.session', cardSession({ id: 'other', fields: [] }));
    expect(payment.rows).toHaveLength(1);
  });

  it('keeps the newer state by its version, whatever the clocks of the instances that made them say', async () => {
    // Made on an instance whose clock runs ahead: a later time, but an older state.
    const { payment } = await answeredAfterTheEvent(
      cardSession({ updatedAt: '2026-11-26T10:05:00.000Z', version: 1 }),
    );
    expect(payment.rows[0]).toMatchObject({ state: 'listening', keyed: 3 });
  });

  it('completes only when everything is captured, and cancels at any time', async () => {
    const { api, calls, emit } = fakeApi({
      'payments.start': () => cardSession(),
      'payments.complete': () =>
        cardSession({ phase: 'completing', updatedAt: '2026-11-26T10:00:05.000Z', version: 5 }),
      'payments.cancel': () =>
        cardSession({ phase: 'cancelling', updatedAt: '2026-11-26T10:00:06.000Z', version: 6 }),
    });
    const payment = new PaymentState(api);
    payment.setActiveCall(CALL);
    payment.form.amount = '1';
    await payment.start();
    await payment.complete();
    expect(calls.some((c) => c.name === 'payments.complete')).toBe(false);

    emit(
      'payments.session',
      cardSession({ readyToComplete: true, updatedAt: '2026-11-26T10:00:04.000Z', version: 4 }),
    );
    expect(payment.canComplete).toBe(true);
    await payment.complete();
    expect(calls.filter((c) => c.name === 'payments.complete')).toHaveLength(1);
    await payment.cancel();
    expect(payment.session?.phase).toBe('cancelling');
  });

  it('requests a failed field again before a pending one with the next-field intent', async () => {
    const { api, calls, emit } = fakeApi({
      'payments.start': () => cardSession(),
      'payments.request': () => cardSession(),
    });
    const payment = new PaymentState(api);
    payment.setActiveCall(CALL);
    payment.form.amount = '1';
    await payment.start();
    emit(
      'payments.session',
      cardSession({
        updatedAt: '2026-11-26T10:00:09.000Z',
        version: 9,
        fields: [
          { field: 'payment-card-number', status: 'captured', display: '•••• 1111' },
          { field: 'expiration-date', status: 'error', errorType: 'invalid-date' },
          { field: 'security-code', status: 'pending' },
        ],
      }),
    );
    await payment.requestNext();
    expect(calls.at(-1)).toMatchObject({ name: 'payments.request', args: { field: 'expiration-date' } });
  });
});

describe('PaymentState after a reload', () => {
  it('picks up the payment still open in the core, and ignores finished ones', async () => {
    const { api } = fakeApi({
      'payments.get': () => ({
        sessions: [cardSession({ id: 'done', phase: 'succeeded' }), cardSession({ id: 'live' })],
      }),
    });
    const payment = new PaymentState(api);
    await payment.resume();
    expect(payment.session?.id).toBe('live');
    expect(payment.open).toBe(true);
  });
});

describe('PaymentState after the result', () => {
  it('keeps the amount for a second card after a failure, and clears it after a success', async () => {
    const { api, emit } = fakeApi({ 'payments.start': () => cardSession() });
    const payment = new PaymentState(api);
    payment.setActiveCall(CALL);
    payment.form.amount = '20.00';
    await payment.start();
    emit(
      'payments.session',
      cardSession({ phase: 'failed', updatedAt: '2026-11-26T10:01:00.000Z', version: 60 }),
    );
    payment.reset();
    expect(payment.form.amount).toBe('20.00');
    await payment.start();
    emit(
      'payments.session',
      cardSession({ phase: 'succeeded', updatedAt: '2026-11-26T10:02:00.000Z', version: 120 }),
    );
    payment.reset();
    expect(payment.session).toBeUndefined();
    expect(payment.form.amount).toBe('');
  });

  it('leaves a finished result for the start form when the softphone moves to another call', async () => {
    const { api, emit } = fakeApi({ 'payments.start': () => cardSession() });
    const payment = new PaymentState(api);
    payment.setActiveCall(CALL);
    await payment.start();
    emit(
      'payments.session',
      cardSession({ phase: 'cancelled', updatedAt: '2026-11-26T10:01:00.000Z', version: 60 }),
    );
    // The call ending keeps the result on screen for the agent to read.
    payment.setActiveCall(undefined);
    expect(payment.session?.phase).toBe('cancelled');
    payment.setActiveCall(OTHER_CALL);
    expect(payment.session).toBeUndefined();
    expect(payment.calls.callSid).toBe(OTHER_CALL);
  });
});
