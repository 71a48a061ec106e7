import { describe, expect, it } from 'vitest';
import {
  createSession,
  reduceSession,
  StartPaymentArgs,
  type PaymentSession,
  type SessionAction,
} from '@shared/payments';
import { reducerKit } from '../../helpers/session-clock';

const CALL = `CA${'b'.repeat(32)}`;
const PK = `PK${'c'.repeat(32)}`;
const { tick, run } = reducerKit({ callSid: CALL, paymentSid: PK });
const at = () => ({ at: tick() });
const write = (operation: 'complete' | 'request') => ({
  type: 'write-pending' as const,
  write: { operation, idempotencyKey: 'k-1', statusCallback: 'https://x.example/cb', at: tick() },
  ...at(),
});

function ready(): PaymentSession {
  const args = StartPaymentArgs.parse({
    callSid: CALL,
    amount: '99.00',
    securityCode: false,
    postalCode: false,
  });
  let s = createSession({ id: 's1', agent: 'maria', args, ...at() });
  s = reduceSession(s, { type: 'started', paymentSid: PK, ...at() });
  const cb = (params: Record<string, string>): SessionAction => ({
    type: 'callback',
    params: { Sid: PK, DateUpdated: tick.peek(), ...params },
    ...at(),
  });
  return run(
    s,
    { type: 'field-requested', field: 'payment-card-number', ...at() },
    cb({
      Capture: 'payment-card-number',
      PaymentCardNumber: 'xxxxxxxxxxxx1111',
      Required: 'expiration-date',
    }),
    { type: 'field-requested', field: 'expiration-date', ...at() },
    cb({ Capture: 'expiration-date', ExpirationDate: '1230', Required: '' }),
  );
}

describe('restoring a session after a restart (pure reducer)', () => {
  it('keeps the pending write until Twilio answers it, so a restart can resend the same key', () => {
    const s = run(ready(), { type: 'complete-requested', ...at() }, write('complete'));
    expect(s.pendingWrite).toMatchObject({ operation: 'complete', idempotencyKey: 'k-1' });
    expect(run(s, { type: 'write-answered', ...at() }).pendingWrite).toBeUndefined();
  });

  it('shows an interrupted completion as "Result unknown" until its Result arrives, then the charge', () => {
    const restored = run(ready(), { type: 'complete-requested', ...at() }, { type: 'restored', ...at() });
    expect(restored).toMatchObject({ phase: 'completing', alert: { code: 'result_unknown' } });
    expect(restored.message).toBe('Result unknown: check before charging again.');
    // Neither the tunnel nor the overdue timer hides it.
    expect(run(restored, { type: 'tunnel', up: false, ...at() }).alert?.code).toBe('result_unknown');
    expect(run(restored, { type: 'result-overdue', ...at() }).alert?.code).toBe('result_unknown');
    const done = run(restored, {
      type: 'callback',
      params: { Sid: PK, Result: 'success', PaymentConfirmationCode: 'ch_1' },
      ...at(),
    });
    expect(done).toMatchObject({ phase: 'succeeded', result: { confirmationCode: 'ch_1' } });
    expect(done.alert).toBeUndefined();
  });

  it('a completion set aside by the agent still takes a late Result', () => {
    const aside = run(
      ready(),
      { type: 'complete-requested', ...at() },
      { type: 'restored', ...at() },
      { type: 'unknown-accepted', ...at() },
    );
    expect(aside).toMatchObject({ phase: 'ended', result: { result: 'result-unknown' } });
    const late = run(aside, { type: 'callback', params: { Sid: PK, Result: 'success' }, ...at() });
    expect(late.phase).toBe('succeeded');
  });

  it('marks a field Twilio was listening for as interrupted, and says the session was restored', () => {
    const s = run(ready(), { type: 'field-requested', field: 'expiration-date', ...at() }, write('request'));
    const restored = run(s, { type: 'restored', ...at() });
    expect(restored.alert?.code).toBe('restored_open');
    expect(restored.activeField).toBeUndefined();
    expect(restored.fields.find((f) => f.field === 'expiration-date')).toMatchObject({ status: 'error' });
    expect(restored.fields.find((f) => f.field === 'payment-card-number')).toMatchObject({
      status: 'captured',
    });
    // Requesting again clears the restart's alert.
    expect(
      run(restored, { type: 'field-requested', field: 'expiration-date', ...at() }).alert,
    ).toBeUndefined();
  });
});
