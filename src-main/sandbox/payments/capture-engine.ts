import type { CardType } from './card-rules';
import {
  abaValid,
  bankAccountValid,
  checkCardNumber,
  expiryValid,
  postalCodeValid,
  securityCodeLength,
} from './card-rules';
import type { CaptureField, MatchableField } from './capture-fields';
import { fieldsFor, matchedField } from './capture-fields';

/** The ErrorType values the capture engine can report (reference §1.8). */
export type CaptureErrorType =
  | 'input-timeout'
  | 'invalid-card-number'
  | 'invalid-card-type'
  | 'invalid-date'
  | 'invalid-security-code'
  | 'invalid-postal-code'
  | 'invalid-bank-routing-number'
  | 'invalid-bank-account-number'
  | 'invalid-card-number-security-code-capture-sequence'
  | 'input-matching-failed';

export interface CaptureConfig {
  method: 'credit-card' | 'ach-debit';
  validCardTypes: readonly string[];
  securityCode: boolean;
  postalCode: boolean;
  minPostalCodeLength: number;
  requireMatching: readonly MatchableField[];
}

/**
 * One session's capture state. Raw digits live here, in memory only, until the connector takes them;
 * nothing outside the payment service ever reads `values`.
 */
export interface CaptureState {
  config: CaptureConfig;
  values: Partial<Record<CaptureField, string>>;
  cardType?: CardType;
  current?: { field: CaptureField; digits: string };
  ended?: 'caller-interrupted-with-star' | 'caller-hung-up';
}

/** What happened, for the service to turn into a StatusCallback. */
export type CaptureEvent =
  | { type: 'capturing'; field: CaptureField }
  | { type: 'progress'; field: CaptureField; count: number }
  | { type: 'captured'; field: CaptureField }
  | { type: 'error'; field: CaptureField; errorType: CaptureErrorType }
  | { type: 'ended'; result: 'caller-interrupted-with-star' | 'caller-hung-up' };

export type Step = { state: CaptureState; events: CaptureEvent[] };

/** A new session with nothing captured. */
export function initialCapture(config: CaptureConfig): CaptureState {
  return { config, values: {} };
}

/** The fields still to collect, in canonical order; a field with an error stays in the list. */
export function required(state: CaptureState): CaptureField[] {
  return fieldsFor(state.config).filter((f) => state.values[f] === undefined);
}

/** The most keys a field takes before it ends by itself (fixed-length fields only). */
function maxKeys(state: CaptureState, field: CaptureField): number {
  const base = matchedField(field) ?? field;
  if (base === 'expiration-date') return 4;
  if (base === 'security-code') return securityCodeLength(state.cardType);
  if (base === 'bank-routing-number') return 9;
  if (base === 'payment-card-number') return 19;
  return 17;
}

/** Readings of what Twilio leaves undocumented (the sandbox's switches of the same names). */
export interface KeyReadings {
  /** A field half keyed when another is requested: its keys are dropped, or validated as `#` would. */
  abandonedEntry?: 'drop' | 'validate';
  /** `*` outside a capture: not listened for, or the end of the session as in `<Pay>`. */
  starOutsideCapture?: 'ignore' | 'end-session';
}

/** The agent asks for a field: re-asking clears what was captured for it. */
export function requestCapture(
  state: CaptureState,
  field: CaptureField,
  readings: KeyReadings = {},
  now: Date = new Date(),
): Step {
  // Asking for the same field again restarts it; only moving to another field can end this one.
  const half = state.current !== undefined && state.current.digits !== '' && state.current.field !== field;
  if (half && readings.abandonedEntry === 'validate') {
    // The half-keyed field ends first, as if the customer had pressed #; its callback comes first.
    const ended = finishField(state, now);
    const next = requestCapture(ended.state, field);
    return { state: next.state, events: [...ended.events, ...next.events] };
  }
  const base = matchedField(field);
  if (
    (field === 'security-code' || field === 'security-code-matcher') &&
    !state.values['payment-card-number']
  ) {
    // Twilio needs the brand to know the security code's length, so it refuses this order.
    const next = { ...state, current: undefined };
    return {
      state: next,
      events: [{ type: 'error', field, errorType: 'invalid-card-number-security-code-capture-sequence' }],
    };
  }
  const values = { ...state.values };
  delete values[field];
  if (!base) delete values[`${field}-matcher` as CaptureField];
  return {
    state: { ...state, values, current: { field, digits: '' } },
    events: [{ type: 'capturing', field }],
  };
}

/** The customer presses a key; outside a capture only `*` can matter (readings.starOutsideCapture). */
export function pressKey(state: CaptureState, key: string, now: Date, readings: KeyReadings = {}): Step {
  if (state.ended) return { state, events: [] };
  if (key === '*' && (state.current || readings.starOutsideCapture === 'end-session'))
    return {
      state: { ...state, current: undefined, ended: 'caller-interrupted-with-star' },
      events: [{ type: 'ended', result: 'caller-interrupted-with-star' }],
    };
  if (!state.current) return { state, events: [] };
  if (key === '#') return finishField(state, now);
  if (!/^[0-9]$/.test(key)) return { state, events: [] };
  const current = { ...state.current, digits: state.current.digits + key };
  const next = { ...state, current };
  const progress: CaptureEvent = { type: 'progress', field: current.field, count: current.digits.length };
  if (current.digits.length >= maxKeys(state, current.field)) {
    const done = finishField(next, now);
    return { state: done.state, events: [progress, ...done.events] };
  }
  return { state: next, events: [progress] };
}

/** The digit timeout ran out: validate what was keyed, or report input-timeout when nothing was. */
export function timeOut(state: CaptureState, now: Date): Step {
  if (state.ended || !state.current) return { state, events: [] };
  if (state.current.digits === '') {
    return {
      state: { ...state, current: undefined },
      events: [{ type: 'error', field: state.current.field, errorType: 'input-timeout' }],
    };
  }
  return finishField(state, now);
}

/** The caller hung up. */
export function hangUp(state: CaptureState): Step {
  if (state.ended) return { state, events: [] };
  return {
    state: { ...state, current: undefined, ended: 'caller-hung-up' },
    events: [{ type: 'ended', result: 'caller-hung-up' }],
  };
}

function finishField(state: CaptureState, now: Date): Step {
  const { field, digits } = state.current as { field: CaptureField; digits: string };
  const cleared = { ...state, current: undefined };
  const base = matchedField(field);
  if (base) {
    if (state.values[base] === undefined || state.values[base] !== digits) {
      return { state: cleared, events: [{ type: 'error', field, errorType: 'input-matching-failed' }] };
    }
    return {
      state: { ...cleared, values: { ...state.values, [field]: digits } },
      events: [{ type: 'captured', field }],
    };
  }
  const verdict = validate(state, field, digits, now);
  if (verdict.errorType)
    return { state: cleared, events: [{ type: 'error', field, errorType: verdict.errorType }] };
  const next: CaptureState = { ...cleared, values: { ...state.values, [field]: digits } };
  if (verdict.cardType) next.cardType = verdict.cardType;
  return { state: next, events: [{ type: 'captured', field }] };
}

function validate(
  state: CaptureState,
  field: CaptureField,
  digits: string,
  now: Date,
): { errorType?: CaptureErrorType; cardType?: CardType } {
  const { config } = state;
  switch (field) {
    case 'payment-card-number': {
      const check = checkCardNumber(digits, config.validCardTypes);
      return check.ok ? { cardType: check.type } : { errorType: check.errorType };
    }
    case 'expiration-date':
      return expiryValid(digits, now) ? {} : { errorType: 'invalid-date' };
    case 'security-code':
      return digits.length === securityCodeLength(state.cardType)
        ? {}
        : { errorType: 'invalid-security-code' };
    case 'postal-code':
      return postalCodeValid(digits, config.minPostalCodeLength) ? {} : { errorType: 'invalid-postal-code' };
    case 'bank-routing-number':
      return abaValid(digits) ? {} : { errorType: 'invalid-bank-routing-number' };
    case 'bank-account-number':
      return bankAccountValid(digits) ? {} : { errorType: 'invalid-bank-account-number' };
    default:
      return {};
  }
}
