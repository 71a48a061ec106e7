import { describe, expect, it } from 'vitest';
import {
  hangUp,
  initialCapture,
  pressKey,
  requestCapture,
  required,
  timeOut,
  type CaptureConfig,
  type CaptureState,
} from '../../../src-main/sandbox/payments/capture-engine';

const now = new Date('2026-11-26T00:00:00Z');
const config: CaptureConfig = {
  method: 'credit-card',
  validCardTypes: ['visa', 'mastercard', 'amex'],
  securityCode: true,
  postalCode: false,
  minPostalCodeLength: 0,
  requireMatching: [],
};

function keys(state: CaptureState, digits: string) {
  const events = [];
  for (const key of digits) {
    const step = pressKey(state, key, now);
    state = step.state;
    events.push(...step.events);
  }
  return { state, events };
}

describe('capture engine', () => {
  it('captures a card number on # and drops it from Required', () => {
    let state = requestCapture(initialCapture(config), 'payment-card-number').state;
    const run = keys(state, '4111111111111111#');
    state = run.state;
    expect(run.events.filter((e) => e.type === 'progress')).toHaveLength(16);
    expect(run.events.at(-1)).toEqual({ type: 'captured', field: 'payment-card-number' });
    expect(state.cardType).toBe('visa');
    expect(required(state)).toEqual(['expiration-date', 'security-code']);
  });

  it('ends fixed-length fields by themselves (expiry after 4 keys)', () => {
    const state = requestCapture(initialCapture(config), 'expiration-date').state;
    expect(keys(state, '1230').events.at(-1)).toEqual({ type: 'captured', field: 'expiration-date' });
  });

  it('refuses a security code before the card number with the sequence error', () => {
    const step = requestCapture(initialCapture(config), 'security-code');
    expect(step.events).toEqual([
      {
        type: 'error',
        field: 'security-code',
        errorType: 'invalid-card-number-security-code-capture-sequence',
      },
    ]);
    expect(step.state.current).toBeUndefined();
  });

  it('reports input-timeout when nothing was keyed, and validates what was keyed otherwise', () => {
    const waiting = requestCapture(initialCapture(config), 'payment-card-number').state;
    expect(timeOut(waiting, now).events).toEqual([
      { type: 'error', field: 'payment-card-number', errorType: 'input-timeout' },
    ]);
    const partial = keys(waiting, '4111').state;
    expect(timeOut(partial, now).events).toEqual([
      { type: 'error', field: 'payment-card-number', errorType: 'invalid-card-number' },
    ]);
  });

  it('ends the session on * and on hang-up', () => {
    const state = requestCapture(initialCapture(config), 'payment-card-number').state;
    expect(keys(state, '41*').events.at(-1)).toEqual({
      type: 'ended',
      result: 'caller-interrupted-with-star',
    });
    expect(hangUp(state).events).toEqual([{ type: 'ended', result: 'caller-hung-up' }]);
  });

  it('ignores keys when no field is being captured', () => {
    expect(pressKey(initialCapture(config), '4', now).events).toEqual([]);
  });

  it('requires a matching re-entry when RequireMatchingInputs lists the field', () => {
    const matching = { ...config, securityCode: false, requireMatching: ['payment-card-number' as const] };
    let state = requestCapture(initialCapture(matching), 'payment-card-number').state;
    state = keys(state, '4111111111111111#').state;
    expect(required(state)).toEqual(['expiration-date', 'payment-card-number-matcher']);
    const wrong = keys(requestCapture(state, 'payment-card-number-matcher').state, '4242424242424242#');
    expect(wrong.events.at(-1)).toMatchObject({ errorType: 'input-matching-failed' });
    const right = keys(requestCapture(state, 'payment-card-number-matcher').state, '4111111111111111#');
    expect(required(right.state)).toEqual(['expiration-date']);
  });

  it('puts a re-requested field back into Required', () => {
    let state = requestCapture(initialCapture(config), 'expiration-date').state;
    state = keys(state, '1230').state;
    expect(required(state)).not.toContain('expiration-date');
    state = requestCapture(state, 'expiration-date').state;
    expect(required(state)).toContain('expiration-date');
  });
});
