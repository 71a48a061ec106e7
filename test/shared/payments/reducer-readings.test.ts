import { describe, expect, it } from 'vitest';
import {
  createSession,
  ORPHAN_ADOPTED_ALERT,
  ORPHAN_FOREIGN_ALERT,
  reduceSession,
  START_ORPHANED_ALERT,
  StartPaymentArgs,
  type PaymentSession,
  type SessionAction,
} from '@shared/payments';
import { reducerKit } from '../../helpers/session-clock';
import { rowFor } from '../../../src-renderer/src/lib/checklist';

// The reducer against each reading of what Twilio leaves undocumented (sandbox switches of the same names).
const CALL = `CA${'d'.repeat(32)}`;
const PK = `PK${'e'.repeat(32)}`;
const { tick, cb, run } = reducerKit({ callSid: CALL, paymentSid: PK });

function starting(args: Record<string, unknown> = { amount: '12.50' }): PaymentSession {
  const parsed = StartPaymentArgs.parse({ callSid: CALL, ...args });
  const s = createSession({ id: 's1', agent: 'maria', args: parsed, at: tick() });
  const write = {
    operation: 'start' as const,
    idempotencyKey: 'k1',
    statusCallback: 'https://x/cb',
    at: tick(),
  };
  return reduceSession(s, { type: 'write-pending', write, at: tick() });
}
const open = () => reduceSession(starting(), { type: 'started', paymentSid: PK, at: tick() });
const request = (field: string): SessionAction => ({
  type: 'field-requested',
  field: field as never,
  at: tick(),
});
const field = (s: PaymentSession, name: string) => s.fields.find((f) => f.field === name)!;
const row = (s: PaymentSession, name: string) => rowFor(field(s, name), s).state;
const ALL = 'payment-card-number,expiration-date,security-code,postal-code';

/** The card number half keyed: four keys in. */
function halfKeyed(): PaymentSession {
  return run(
    open(),
    request('payment-card-number'),
    cb({ Capture: 'payment-card-number', Required: ALL, PartialResult: 'false' }),
    cb({ Capture: 'payment-card-number', Required: ALL, PartialResult: 'true', PaymentCardNumber: 'xxxx' }),
  );
}

describe('a field requested while another is half keyed', () => {
  it('puts the half-keyed field back to not captured at once: no row left listening', () => {
    const s = run(halfKeyed(), request('expiration-date'));
    expect(field(s, 'payment-card-number').status).toBe('pending');
    expect(field(s, 'payment-card-number').display).toBeUndefined();
    expect(row(s, 'payment-card-number')).toBe('pending');
    expect(row(s, 'expiration-date')).toBe('listening');
    expect(s.fields.filter((f) => rowFor(f, s).state === 'listening')).toHaveLength(1);
    expect(s.message).toContain('expiration date');
  });

  it('drop: late keying news for the replaced field changes nothing, even after the new field settled', () => {
    const early = Date.parse(tick());
    let s = run(halfKeyed(), request('expiration-date'));
    s = run(
      s,
      cb({ Capture: 'expiration-date', Required: ALL, PartialResult: 'false' }),
      cb({
        Capture: 'expiration-date',
        ExpirationDate: '1230',
        Required: 'payment-card-number,security-code,postal-code',
        PartialResult: 'false',
      }),
    );
    expect(s.activeField).toBeUndefined();
    // Reordered on the way: keys pressed before the new request arrive after it.
    const late = new Date(early).toISOString();
    s = run(
      s,
      cb(
        { Capture: 'payment-card-number', Required: ALL, PartialResult: 'true', PaymentCardNumber: 'xxxxx' },
        late,
      ),
      cb({ Capture: 'payment-card-number', Required: ALL, PartialResult: 'false' }),
    );
    expect(row(s, 'payment-card-number')).toBe('pending');
    expect(row(s, 'expiration-date')).toBe('captured');
    expect(s.readyToComplete).toBe(false);
  });

  it('validate: the half-keyed field’s own verdict still lands (an error to retry, or captured)', () => {
    const s = run(
      halfKeyed(),
      request('expiration-date'),
      cb({
        Capture: 'payment-card-number',
        ErrorType: 'invalid-card-number',
        Required: ALL,
        PartialResult: 'false',
      }),
      cb({ Capture: 'expiration-date', Required: ALL, PartialResult: 'false' }),
    );
    expect(row(s, 'payment-card-number')).toBe('retry');
    expect(row(s, 'expiration-date')).toBe('listening');
    expect(s.activeField).toBe('expiration-date');

    const postal = run(
      open(),
      request('postal-code'),
      cb({ Capture: 'postal-code', Required: ALL, PartialResult: 'true', PaymentCardPostalCode: '9410' }),
      request('expiration-date'),
      cb({
        Capture: 'postal-code',
        PaymentCardPostalCode: '9410',
        Required: 'payment-card-number,expiration-date,security-code',
        PartialResult: 'false',
      }),
    );
    expect(row(postal, 'postal-code')).toBe('captured');
    expect(field(postal, 'postal-code').display).toBe('9410');
  });

  it('asking for the replaced field again listens for it again', () => {
    const s = run(
      halfKeyed(),
      request('expiration-date'),
      request('payment-card-number'),
      cb({ Capture: 'payment-card-number', Required: ALL, PartialResult: 'true', PaymentCardNumber: 'x' }),
    );
    expect(field(s, 'payment-card-number').status).toBe('capturing');
    expect(field(s, 'payment-card-number').abandoned).toBeUndefined();
    expect(row(s, 'expiration-date')).toBe('pending');
  });
});

describe('* pressed outside a capture', () => {
  it('end-session: the Result ends the session and says the customer pressed *', () => {
    const s = run(open(), cb({ Result: 'caller-interrupted-with-star' }));
    expect(s.phase).not.toBe('open');
    expect(s.message).toMatch(/\*/);
    expect(s.readyToComplete).toBe(false);
  });

  it('ignore: with no callback nothing changes, so the checklist stays as it was', () => {
    const s = halfKeyed();
    expect(row(s, 'payment-card-number')).toBe('listening');
  });
});

describe('a start whose answer was lost and whose repeat Twilio refused with 64021', () => {
  it('waits, still starting and with its start written down, saying what happened', () => {
    const s = run(starting(), { type: 'start-orphaned', at: tick() });
    expect(s.phase).toBe('starting');
    expect(s.pendingWrite?.operation).toBe('start');
    expect(s.alert).toEqual(START_ORPHANED_ALERT);
  });

  it('adopts the payment a callback names when it is this one: open, with its Sid', () => {
    const s = run(
      starting(),
      { type: 'start-orphaned', at: tick() },
      { type: 'orphan-found', paymentSid: PK, adopt: true, at: tick() },
    );
    expect(s).toMatchObject({ phase: 'open', paymentSid: PK, alert: ORPHAN_ADOPTED_ALERT });
    expect(s.pendingWrite).toBeUndefined();
    // The notice goes once the agent carries on.
    expect(run(s, request('payment-card-number')).alert).toBeUndefined();
  });

  it('holds a payment that is not this one only to cancel it, and says so', () => {
    const s = run(
      starting(),
      { type: 'start-orphaned', at: tick() },
      { type: 'orphan-found', paymentSid: PK, adopt: false, at: tick() },
    );
    expect(s).toMatchObject({ phase: 'starting', paymentSid: PK, alert: ORPHAN_FOREIGN_ALERT });
    const cancelled = run(
      s,
      { type: 'cancel-requested', at: tick() },
      cb({ Result: 'transaction-cancelled' }),
    );
    expect(cancelled.phase).toBe('cancelled');
  });

  it('cancelled while waiting: the Sid, once found, is kept so the cancel can be sent', () => {
    const s = run(
      starting(),
      { type: 'start-orphaned', at: tick() },
      { type: 'cancel-requested', at: tick() },
      { type: 'orphan-found', paymentSid: PK, adopt: true, at: tick() },
    );
    expect(s).toMatchObject({ phase: 'cancelling', paymentSid: PK });
  });
});
