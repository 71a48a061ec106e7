import { describe, expect, it } from 'vitest';
import {
  createSession,
  ERROR_TYPES,
  reduceSession,
  RESULTS,
  StartPaymentArgs,
  type PaymentSession,
} from '@shared/payments';
import { reducerKit } from '../../helpers/session-clock';

const CALL = `CA${'b'.repeat(32)}`;
const PK = `PK${'c'.repeat(32)}`;
const { tick, cb, run } = reducerKit({ callSid: CALL, paymentSid: PK });

function open(args: Record<string, unknown> = { amount: '12.50' }): PaymentSession {
  const parsed = StartPaymentArgs.parse({ callSid: CALL, ...args });
  const s = createSession({ id: 's1', agent: 'maria', args: parsed, at: tick() });
  return reduceSession(s, { type: 'started', paymentSid: PK, at: tick() });
}

const field = (s: PaymentSession, name: string) => s.fields.find((f) => f.field === name)!;
const ALL = 'payment-card-number,expiration-date,security-code,postal-code';

/** Requests and captures every card field in order, as Twilio's callbacks would report. */
function captureAll(s: PaymentSession): PaymentSession {
  const steps: [string, string, string, string][] = [
    [
      'payment-card-number',
      'PaymentCardNumber',
      'xxxxxxxxxxxx1111',
      'expiration-date,security-code,postal-code',
    ],
    ['expiration-date', 'ExpirationDate', '1227', 'security-code,postal-code'],
    ['security-code', 'SecurityCode', 'xxx', 'postal-code'],
    ['postal-code', 'PaymentCardPostalCode', '94109', ''],
  ];
  for (const [name, param, value, required] of steps) {
    s = run(
      s,
      { type: 'field-requested', field: name as never, at: tick() },
      cb({ Capture: name, Required: required === '' ? ALL : `${name},${required}`, PartialResult: 'false' }),
      cb({
        Capture: name,
        [param]: value,
        Required: required,
        PartialResult: 'false',
        PaymentCardType: 'visa',
      }),
    );
  }
  return s;
}

describe('session reducer: the happy path', () => {
  it('goes from starting to open to every field captured to succeeded', () => {
    const start = createSession({
      id: 's1',
      agent: 'maria',
      args: StartPaymentArgs.parse({ callSid: CALL, amount: '12.50' }),
      at: tick(),
    });
    expect(start).toMatchObject({ phase: 'starting', charge: true, amountMinor: 1250, amount: '12.50' });
    let s = captureAll(open());
    expect(s.fields.every((f) => f.status === 'captured')).toBe(true);
    expect(s.readyToComplete).toBe(true);
    expect(s.card).toEqual({ brand: 'visa', last4: '1111', expiry: '12/27' });
    expect(field(s, 'security-code').display).toBe('•••');
    expect(s.message).toContain('Complete the payment');
    s = run(s, { type: 'complete-requested', at: tick() });
    expect(s.phase).toBe('completing');
    s = run(
      s,
      cb({ Result: 'success', PaymentConfirmationCode: 'ch_123', PaymentCardNumber: 'xxxxxxxxxxxx1111' }),
    );
    expect(s.phase).toBe('succeeded');
    expect(s.result).toMatchObject({ result: 'success', confirmationCode: 'ch_123' });
    expect(s.message).toBe(
      'The payment of $12.50 went through on visa ending 1111. Confirmation code ch_123.',
    );
  });

  it('counts the security code as it is keyed, and shows no digit of it', () => {
    const req = 'security-code,postal-code';
    let s = run(open(), { type: 'field-requested', field: 'security-code', at: tick() });
    s = run(s, cb({ Capture: 'security-code', SecurityCode: 'x', PartialResult: 'true', Required: req }));
    expect(field(s, 'security-code')).toMatchObject({ status: 'capturing', display: '•' });
    s = run(s, cb({ Capture: 'security-code', SecurityCode: 'xx', PartialResult: 'true', Required: req }));
    expect(field(s, 'security-code').display).toBe('••');
    // Even if digits arrived unmasked, only bullets are kept, never more than 4.
    s = run(s, cb({ Capture: 'security-code', SecurityCode: '12345', PartialResult: 'true', Required: req }));
    expect(field(s, 'security-code').display).toBe('••••');
    s = run(
      s,
      cb({ Capture: 'security-code', SecurityCode: 'xxx', PartialResult: 'false', Required: 'postal-code' }),
    );
    expect(field(s, 'security-code')).toMatchObject({ status: 'captured', display: '•••' });
  });

  it('never keeps more than the last 4 digits anywhere in the state', () => {
    const s = run(
      open(),
      { type: 'field-requested', field: 'payment-card-number', at: tick() },
      cb({
        Capture: 'payment-card-number',
        PaymentCardNumber: '4111111111111111',
        Required: 'expiration-date',
      }),
    );
    expect(JSON.stringify(s)).not.toContain('411111');
    expect(s.card.last4).toBe('1111');
  });
});

describe('session reducer: every Result', () => {
  const expected: Record<(typeof RESULTS)[number], string> = {
    success: 'succeeded',
    'payment-connector-error': 'failed',
    'caller-interrupted-with-star': 'cancelled',
    'caller-hung-up': 'ended',
    'validation-error': 'failed',
    'too-many-failed-attempts': 'failed',
    'internal-error': 'failed',
    'transaction-cancelled': 'cancelled',
  };
  for (const result of RESULTS) {
    it(`Result=${result} ends the session as ${expected[result]} with a sentence`, () => {
      const s = run(captureAll(open()), { type: 'complete-requested', at: tick() }, cb({ Result: result }));
      expect(s.phase).toBe(expected[result]);
      expect(s.result?.result).toBe(result);
      expect(s.message.length).toBeGreaterThan(10);
      if (result !== 'success') expect(s.message).toMatch(/Nothing|not/);
    });
  }

  it('a decline carries the processor reason and code', () => {
    const s = run(
      captureAll(open()),
      { type: 'complete-requested', at: tick() },
      cb({ Result: 'payment-connector-error', PayErrorCode: '64008', PaymentError: 'card is declined' }),
    );
    expect(s.result).toMatchObject({ payErrorCode: 64008, paymentError: 'card is declined' });
    expect(s.message).toContain('card is declined');
  });

  it('an unknown Result still ends the session, as a failure that names it', () => {
    const s = run(captureAll(open()), cb({ Result: 'space-weather' }));
    expect(s.phase).toBe('failed');
    expect(s.message).toContain('space-weather');
  });

  it('a cancel answered without a Result still ends as cancelled', () => {
    const s = run(open(), { type: 'cancel-requested', at: tick() }, cb({}));
    expect(s.phase).toBe('cancelled');
  });
});

describe('session reducer: every ErrorType', () => {
  const fieldFor: Record<string, string> = {
    'invalid-date': 'expiration-date',
    'invalid-security-code': 'security-code',
    'invalid-postal-code': 'postal-code',
    'invalid-card-number-security-code-capture-sequence': 'security-code',
  };
  for (const errorType of ERROR_TYPES) {
    it(`ErrorType=${errorType} marks the field in error with advice, and it can be requested again`, () => {
      const name = fieldFor[errorType] ?? 'payment-card-number';
      let s = run(
        open(),
        { type: 'field-requested', field: name as never, at: tick() },
        cb({ Capture: name, Required: ALL, PartialResult: 'true', PaymentCardNumber: 'xx' }),
        cb({ Capture: name, Required: ALL, ErrorType: errorType, PaymentError: `${name} failed` }),
      );
      expect(field(s, name)).toMatchObject({ status: 'error', errorType });
      expect(field(s, name).message!.length).toBeGreaterThan(20);
      expect(s.phase).toBe('open');
      s = run(s, { type: 'field-requested', field: name as never, at: tick() });
      expect(field(s, name)).toMatchObject({ status: 'requested' });
      expect(field(s, name).errorType).toBeUndefined();
    });
  }

  it('bank fields fail with their own error types', () => {
    for (const [name, errorType] of [
      ['bank-routing-number', 'invalid-bank-routing-number'],
      ['bank-account-number', 'invalid-bank-account-number'],
    ]) {
      const s = run(
        open({ method: 'ach-debit', amount: '3', parameters: { AVSName: 'Ada' } }),
        { type: 'field-requested', field: name as never, at: tick() },
        cb({ Capture: name!, ErrorType: errorType!, Required: 'bank-routing-number,bank-account-number' }),
      );
      expect(field(s, name!)).toMatchObject({ status: 'error', errorType });
    }
  });

  it('session-in-progress without a field becomes an alert on the session', () => {
    const s = run(open(), cb({ ErrorType: 'session-in-progress' }));
    expect(s.alert).toMatchObject({ code: 'session-in-progress' });
  });
});

describe('session reducer: duplicate, stale and reordered callbacks', () => {
  it('a duplicate final callback changes nothing', () => {
    const s1 = run(
      open(),
      { type: 'field-requested', field: 'payment-card-number', at: tick() },
      cb({
        Capture: 'payment-card-number',
        PaymentCardNumber: 'xxxxxxxxxxxx1111',
        Required: 'expiration-date',
      }),
    );
    const dup = s1.fields;
    const s2 = run(
      s1,
      cb(
        {
          Capture: 'payment-card-number',
          PaymentCardNumber: 'xxxxxxxxxxxx1111',
          Required: 'expiration-date',
        },
        new Date(field(s1, 'payment-card-number').lastEventAt!).toISOString(),
      ),
    );
    expect(s2.fields).toEqual(dup);
  });

  it('a partial arriving after the final never moves the field back to capturing', () => {
    const early = tick.peek(100);
    const s = run(
      open(),
      { type: 'field-requested', field: 'payment-card-number', at: tick() },
      cb({
        Capture: 'payment-card-number',
        PaymentCardNumber: 'xxxxxxxxxxxx4242',
        Required: 'expiration-date',
      }),
      cb(
        { Capture: 'payment-card-number', PaymentCardNumber: 'xxxx', PartialResult: 'true', Required: ALL },
        early,
      ),
    );
    expect(field(s, 'payment-card-number')).toMatchObject({ status: 'captured', display: '•••• 4242' });
    expect(s.required).not.toContain('payment-card-number');
  });

  it('a shorter partial arriving late never shrinks what the agent sees', () => {
    const at = tick();
    const s = run(
      open(),
      { type: 'field-requested', field: 'payment-card-number', at: tick() },
      cb(
        { Capture: 'payment-card-number', PaymentCardNumber: 'xxxxx', PartialResult: 'true', Required: ALL },
        at,
      ),
      cb(
        { Capture: 'payment-card-number', PaymentCardNumber: 'xxx', PartialResult: 'true', Required: ALL },
        at,
      ),
    );
    expect(field(s, 'payment-card-number')).toMatchObject({ status: 'capturing', display: '•••••' });
  });

  it('a stale error arriving after a capture is ignored', () => {
    const early = tick.peek(100);
    const s = run(
      open(),
      { type: 'field-requested', field: 'expiration-date', at: tick() },
      cb({ Capture: 'expiration-date', ExpirationDate: '1227', Required: 'payment-card-number' }),
      cb({ Capture: 'expiration-date', ErrorType: 'invalid-date', Required: ALL }, early),
    );
    expect(field(s, 'expiration-date').status).toBe('captured');
  });

  it('callbacks after the session ended are ignored', () => {
    const done = run(
      captureAll(open()),
      { type: 'complete-requested', at: tick() },
      cb({ Result: 'success' }),
    );
    const late = run(
      done,
      cb({ Capture: 'payment-card-number', ErrorType: 'invalid-card-number', Required: ALL }),
    );
    expect(late).toBe(done);
    expect(run(done, cb({ Result: 'payment-connector-error' }))).toBe(done);
  });

  it('a final with PartialResult absent counts as final when the field left Required', () => {
    const s = run(
      open(),
      { type: 'field-requested', field: 'payment-card-number', at: tick() },
      cb({
        Capture: 'payment-card-number',
        PaymentCardNumber: 'xxxxxxxxxxxx1111',
        Required: 'expiration-date',
      }),
    );
    expect(field(s, 'payment-card-number').status).toBe('captured');
  });

  it('a re-requested field accepts new input but not an older echo of the previous one', () => {
    let s = captureAll(open());
    const old = new Date(field(s, 'payment-card-number').lastEventAt! - 500).toISOString();
    s = run(s, { type: 'field-requested', field: 'payment-card-number', at: tick() });
    expect(s.readyToComplete).toBe(false);
    s = run(
      s,
      cb({ Capture: 'payment-card-number', PaymentCardNumber: 'xxxxxxxxxxxx9999', Required: '' }, old),
    );
    expect(field(s, 'payment-card-number').status).toBe('requested');
    s = run(s, cb({ Capture: 'payment-card-number', PaymentCardNumber: 'xxxxxxxxxxxx4444', Required: '' }));
    expect(field(s, 'payment-card-number')).toMatchObject({ status: 'captured', display: '•••• 4444' });
    expect(s.readyToComplete).toBe(true);
  });
});

describe('session reducer: switching fields', () => {
  it('a late callback for the previous field does not take the focus from the one just requested', () => {
    const s = run(
      open(),
      { type: 'field-requested', field: 'payment-card-number', at: tick() },
      { type: 'field-requested', field: 'expiration-date', at: tick() },
      cb({ Capture: 'payment-card-number', Required: ALL }),
    );
    expect(s.activeField).toBe('expiration-date');
    expect(s.message).toBe('Waiting for the customer to key the expiration date.');
  });
});

describe('session reducer: the call, the tunnel and REST failures', () => {
  it('the call ending closes the session cleanly and says so', () => {
    const s = run(open(), { type: 'call-ended', at: tick() });
    expect(s.phase).toBe('ended');
    expect(s.message).toBe('The call ended, so the payment session ended. Nothing was charged.');
  });

  it('the call ending while completing warns to check before charging again', () => {
    const s = run(
      captureAll(open()),
      { type: 'complete-requested', at: tick() },
      { type: 'call-ended', at: tick() },
    );
    expect(s.message).toContain('Check the processor');
  });

  it('a tunnel drop while listening alerts at once; the field can be requested again when it is back', () => {
    let s = run(
      open(),
      { type: 'field-requested', field: 'payment-card-number', at: tick() },
      cb({ Capture: 'payment-card-number', PaymentCardNumber: 'xx', PartialResult: 'true', Required: ALL }),
      { type: 'tunnel', up: false, at: tick() },
    );
    expect(s.alert?.code).toBe('tunnel_down');
    expect(field(s, 'payment-card-number').status).toBe('error');
    s = run(s, { type: 'tunnel', up: true, at: tick() });
    expect(s.alert).toBeUndefined();
    s = run(s, { type: 'field-requested', field: 'payment-card-number', at: tick() });
    expect(field(s, 'payment-card-number').status).toBe('requested');
  });

  it('a cancel Twilio refuses because the payment already ended there says so, and a tunnel flap keeps saying it', () => {
    let s = run(
      open(),
      { type: 'cancel-requested', at: tick() },
      { type: 'rest-failed', operation: 'cancel', code: 64021, message: 'already ended', at: tick() },
    );
    expect(s.phase).toBe('open');
    expect(s.alert?.code).toBe('ended_at_twilio');
    expect(s.alert?.message).toContain('Check the payment processor');
    s = run(s, { type: 'tunnel', up: false, at: tick() }, { type: 'tunnel', up: true, at: tick() });
    expect(s.alert?.code).toBe('ended_at_twilio');
  });

  it('a result that is overdue raises an alert to check the processor, and the late result still lands', () => {
    let s = run(
      captureAll(open()),
      { type: 'complete-requested', at: tick() },
      { type: 'result-overdue', at: tick() },
    );
    expect(s.alert?.code).toBe('result_overdue');
    expect(s.phase).toBe('completing');
    s = run(s, cb({ Result: 'success', PaymentConfirmationCode: 'ch_9' }));
    expect(s.phase).toBe('succeeded');
    expect(s.alert).toBeUndefined();
    expect(run(open(), { type: 'result-overdue', at: tick() }).alert).toBeUndefined();
  });

  it('a tunnel drop and return after the result went overdue keeps the overdue alert (found by the live chaos run)', () => {
    const s = run(
      captureAll(open()),
      { type: 'complete-requested', at: tick() },
      { type: 'result-overdue', at: tick() },
      { type: 'tunnel', up: false, at: tick() },
      { type: 'tunnel', up: true, at: tick() },
    );
    expect(s.phase).toBe('completing');
    expect(s.alert?.code).toBe('result_overdue');
  });

  it('a refused complete (64019) returns to open with the reason', () => {
    const s = run(
      open(),
      { type: 'complete-requested', at: tick() },
      { type: 'rest-failed', operation: 'complete', code: 64019, message: 'x', at: tick() },
    );
    expect(s.phase).toBe('open');
    expect(s.alert?.message).toContain('Not every required field has been captured yet.');
  });

  it('a refused start fails the session with the reason', () => {
    const s = createSession({
      id: 's2',
      agent: 'maria',
      args: StartPaymentArgs.parse({ callSid: CALL, amount: '1' }),
      at: tick(),
    });
    const failed = run(s, { type: 'rest-failed', operation: 'start', code: 64021, message: 'x', at: tick() });
    expect(failed.phase).toBe('failed');
    expect(failed.message).toContain('A payment is already open on this call.');
  });
});

describe('session reducer: an invalid ChargeAmount, either way Twilio reports it', () => {
  it('a REST 64003 on start fails the session with the amount sentence', () => {
    const s = createSession({
      id: 's2',
      agent: 'maria',
      args: StartPaymentArgs.parse({ callSid: CALL, amount: '5' }),
      at: tick(),
    });
    const after = reduceSession(s, {
      type: 'rest-failed',
      operation: 'start',
      code: 64003,
      message: 'ChargeAmount does not conform',
      at: tick(),
    });
    expect(after.phase).toBe('failed');
    expect(after.message).toContain('no more decimals than the currency has');
  });

  it('a Result=validation-error callback right after start fails it the same way', () => {
    const s = run(
      open(),
      cb({ Result: 'validation-error', PayErrorCode: '64003', PaymentError: 'bad amount' }),
    );
    expect(s.phase).toBe('failed');
    expect(s.result).toMatchObject({ result: 'validation-error', payErrorCode: 64003 });
    expect(s.message).toContain('no more decimals than the currency has');
    expect(s.message).toContain('Nothing was charged');
  });
});
