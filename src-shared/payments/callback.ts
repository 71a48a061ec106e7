import { describeErrorType, describeResult } from './catalogue';
import { FIELD_LABELS } from './fields';
import { matchedField, parseFieldName, parseRequired, type PaymentField } from './fields';
import {
  accountLast2,
  cardLast4,
  displayAccountNumber,
  displayCardNumber,
  displayExpiry,
  displayPlain,
  displaySecurityCode,
} from './masks';
import type { FieldState, FieldStatus, PaymentSession, SessionResult } from './session';

type Params = Readonly<Record<string, string>>;

/** Order of progress within one request of a field; a callback never moves a field down it. */
const RANK: Record<FieldStatus, number> = { pending: 0, requested: 1, capturing: 2, captured: 3, error: 3 };

// The sandbox keeps its own table (src-main/sandbox/payments/callback-fields.ts) on purpose, so a
// misreading of Twilio's callback names made here cannot be mirrored by the emulator the tests use.
// A second entry ("-matcher") has no value of its own in any documented callback: it matches or not.
const VALUE_PARAM: Partial<Record<PaymentField, string>> = {
  'payment-card-number': 'PaymentCardNumber',
  'expiration-date': 'ExpirationDate',
  'security-code': 'SecurityCode',
  'postal-code': 'PaymentCardPostalCode',
  'bank-routing-number': 'BankRoutingNumber',
  'bank-account-number': 'BankAccountNumber',
};

/** Feeds one StatusCallback into the session. Stale, duplicate and out-of-order ones change nothing. */
export function applyCallback(s: PaymentSession, p: Params, receivedAt: number): PaymentSession {
  const at = eventTime(p) ?? receivedAt;
  if (p.Result !== undefined && p.Result !== '') return finished(s, p, p.Result);
  if (s.phase === 'cancelling' && p.Capture === undefined && p.DateUpdated !== undefined) {
    // Twilio documents no Result for a cancel; a bare update while cancelling is the cancel's answer.
    return finished(s, p, 'transaction-cancelled');
  }
  const field = p.Capture === undefined ? undefined : parseFieldName(p.Capture);
  if (field === undefined || !s.fields.some((f) => f.field === field)) {
    if (p.ErrorType) return { ...s, alert: { code: p.ErrorType, message: describeErrorType(p.ErrorType) } };
    return s;
  }
  const current = s.fields.find((f) => f.field === field)!;
  const target = echoOfSecondEntry(s, current, classify(field, p));
  // Twilio listens for one field at a time: news of listening for a field another request replaced
  // is older than that request (only a final answer for it still counts).
  const listening = target === 'requested' || target === 'capturing';
  const replaced = current.abandoned === true || (s.activeField !== undefined && s.activeField !== field);
  if (listening && replaced) return s;
  if (!accepts(current, target, p, at)) return s;

  const final = target === 'captured';
  const valueParam = VALUE_PARAM[field];
  const raw = valueParam === undefined ? undefined : p[valueParam];
  const updated: FieldState = {
    field,
    status: target,
    display: raw === undefined || raw === '' ? current.display : display(field, raw, final),
    errorType: target === 'error' ? p.ErrorType : undefined,
    message: target === 'error' ? errorMessage(p) : undefined,
    lastEventAt: Math.max(at, current.lastEventAt ?? at),
  };
  const settled = target === 'captured' || target === 'error';
  const fields = secondEntry(
    s.fields.map((f) => (f.field === field ? updated : f)),
    field,
    target,
    p.ErrorType,
  );
  const captured = (r: PaymentField) => fields.some((x) => x.field === r && x.status === 'captured');
  return {
    ...s,
    fields,
    // Only the agent's request points Twilio at a field; a late callback for another never does.
    activeField: settled && s.activeField === field ? undefined : s.activeField,
    // A stale Required may still list what we have since captured; our own field states win.
    required: p.Required === undefined ? s.required : parseRequired(p.Required).filter((r) => !captured(r)),
    card: cardDetails(s.card, p, final && field === 'payment-card-number'),
    bank: bankDetails(s.bank, p, final),
  };
}

/**
 * A second entry's outcome reaches its first: a mismatch means either entry may be the wrong one, so
 * the first is asked again (and with it the second), as Twilio's own <Pay> prompts do; a match after
 * only the second was asked again puts the first back as captured.
 */
function secondEntry(
  fields: FieldState[],
  field: PaymentField,
  target: FieldStatus,
  errorType: string | undefined,
): FieldState[] {
  const first = matchedField(field);
  if (first === undefined) return fields;
  return fields.map((f) => {
    if (f.field !== first) return f;
    if (target === 'error' && errorType === 'input-matching-failed' && f.status === 'captured')
      return { ...f, status: 'error', errorType, message: mismatchMessage(first) };
    if (target === 'captured' && f.status === 'error' && f.errorType === 'input-matching-failed')
      return { ...f, status: 'captured', errorType: undefined, message: undefined };
    return f;
  });
}

const mismatchMessage = (first: PaymentField) =>
  `The two ${FIELD_PLURAL[first] ?? 'entries'} the customer keyed did not match. Request the ${FIELD_LABELS[first]} again: the customer keys it twice more.`;

const FIELD_PLURAL: Partial<Record<PaymentField, string>> = {
  'payment-card-number': 'card numbers',
  'expiration-date': 'expiration dates',
  'security-code': 'security codes',
  'postal-code': 'postal codes',
};

/**
 * A second entry has no value, so a final-looking callback is its match only if Twilio listed it in
 * `Required` before (the sandbox's reading) or the customer was seen keying it; otherwise it is the
 * echo of the request, in case Twilio leaves `-matcher` names out of `Required`.
 */
function echoOfSecondEntry(s: PaymentSession, current: FieldState, target: FieldStatus): FieldStatus {
  if (target !== 'captured' || matchedField(current.field) === undefined) return target;
  return current.status === 'capturing' || s.required.includes(current.field) ? target : 'requested';
}

function classify(field: PaymentField, p: Params): FieldStatus {
  if (p.ErrorType) return 'error';
  if (p.PartialResult === 'true') return 'capturing';
  const required = p.Required === undefined ? undefined : parseRequired(p.Required);
  const valueParam = VALUE_PARAM[field];
  // A second entry has no value to show; without Required only PartialResult=false says it is done.
  const hasValue = valueParam === undefined ? p.PartialResult === 'false' : (p[valueParam] ?? '') !== '';
  // PartialResult "false" or absent (reference §1.11): final when the field left Required.
  if (required !== undefined) return required.includes(field) ? 'requested' : 'captured';
  return hasValue ? 'captured' : 'requested';
}

function accepts(current: FieldState, target: FieldStatus, p: Params, at: number): boolean {
  if (current.lastEventAt !== undefined && at < current.lastEventAt) return false;
  const from = RANK[current.status];
  const to = RANK[target];
  if (to < from) return false;
  if (to > from) return true;
  if (target === 'capturing') {
    // Same rank while keying: only a longer (or equal) partial is news.
    const valueParam = VALUE_PARAM[current.field];
    if (valueParam === undefined) return true;
    const raw = p[valueParam] ?? '';
    return raw.length >= countKeyed(current.display);
  }
  if (target !== current.status) {
    // captured vs error within one request: only a strictly newer event may switch them.
    return current.lastEventAt === undefined || at > current.lastEventAt;
  }
  return true;
}

const countKeyed = (display: string | undefined) => (display ?? '').replace(/\s/g, '').length;

function display(field: PaymentField, raw: string, final: boolean): string {
  switch (field) {
    case 'payment-card-number':
      return displayCardNumber(raw, final);
    case 'security-code':
      return displaySecurityCode(raw, final);
    case 'expiration-date':
      return displayExpiry(raw, final);
    case 'bank-account-number':
      return displayAccountNumber(raw, final);
    case 'postal-code':
    case 'bank-routing-number':
      return displayPlain(raw, final);
    default:
      return '';
  }
}

function errorMessage(p: Params): string {
  const base = describeErrorType(p.ErrorType ?? '');
  // PaymentError names the field on a timeout; it never carries card data (reference §1.8).
  return p.PaymentError ? `${base} (Twilio: ${p.PaymentError.slice(0, 120)})` : base;
}

function cardDetails(card: PaymentSession['card'], p: Params, finalNumber: boolean): PaymentSession['card'] {
  const brand = p.PaymentCardType ? p.PaymentCardType.slice(0, 20) : card.brand;
  const last4 =
    finalNumber && p.PaymentCardNumber ? (cardLast4(p.PaymentCardNumber) ?? card.last4) : card.last4;
  const expiry =
    p.ExpirationDate && /^\d{4}$/.test(p.ExpirationDate)
      ? displayExpiry(p.ExpirationDate, true)
      : card.expiry;
  return { brand, last4, expiry };
}

function bankDetails(bank: PaymentSession['bank'], p: Params, final: boolean): PaymentSession['bank'] {
  return {
    routingNumber:
      final && p.BankRoutingNumber ? displayPlain(p.BankRoutingNumber, true) : bank.routingNumber,
    accountLast2:
      final && p.BankAccountNumber
        ? (accountLast2(p.BankAccountNumber) ?? bank.accountLast2)
        : bank.accountLast2,
  };
}

function finished(s: PaymentSession, p: Params, result: string): PaymentSession {
  const { outcome } = describeResult(result);
  const code = p.PayErrorCode ? Number(p.PayErrorCode) : undefined;
  const sessionResult: SessionResult = {
    result,
    confirmationCode: p.PaymentConfirmationCode || undefined,
    token: p.PaymentToken || undefined,
    profileId: p.ProfileId || undefined,
    payErrorCode: Number.isFinite(code) ? code : undefined,
    paymentError: p.PaymentError ? p.PaymentError.slice(0, 200) : undefined,
    connectorError: p.ConnectorError ? p.ConnectorError.slice(0, 200) : undefined,
  };
  return {
    ...s,
    phase: outcome,
    activeField: undefined,
    alert: undefined,
    result: sessionResult,
    card: cardDetails(s.card, p, p.PaymentCardNumber !== undefined),
  };
}

function eventTime(p: Params): number | undefined {
  const text = p.DateUpdated || p.DateCreated;
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
