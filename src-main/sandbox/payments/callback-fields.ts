import type { Switches } from '../switches';
import type { CaptureState } from './capture-engine';
import type { CaptureField } from './capture-fields';
import { formatRequired, matchedField } from './capture-fields';
import {
  maskBankAccount,
  maskBankAccountProgress,
  maskCardNumber,
  maskProgress,
  maskSecurityCode,
} from './capture-masks';
import { required } from './capture-engine';

/**
 * The callback's name for each field's value. The client has its own table
 * (src-shared/payments/callback.ts) on purpose: the emulator must not share the client's reading of
 * Twilio, or one mistake made in both places would pass every test.
 */
const wireName: Record<string, string> = {
  'payment-card-number': 'PaymentCardNumber',
  'expiration-date': 'ExpirationDate',
  'security-code': 'SecurityCode',
  'postal-code': 'PaymentCardPostalCode',
  'bank-routing-number': 'BankRoutingNumber',
  'bank-account-number': 'BankAccountNumber',
};

/** A captured field as the callback shows it: card last 4, account last 2, security code fully masked. */
function finalValue(field: CaptureField, digits: string, switches: Switches): string {
  switch (field) {
    case 'payment-card-number':
      return maskCardNumber(digits, switches.cardMask);
    case 'security-code':
      return maskSecurityCode(digits);
    case 'bank-account-number':
      return maskBankAccount(digits);
    default:
      // Expiry, postal code and routing number are not secret (Twilio sends them in clear).
      return digits;
  }
}

/** A field while it is keyed: secret fields show one mask character per key and nothing in clear. */
function progressValue(field: CaptureField, digits: string): string {
  if (field === 'payment-card-number' || field === 'security-code') return maskProgress(digits.length);
  if (field === 'bank-account-number') return maskBankAccountProgress(digits.length);
  return digits;
}

/** Masked values of everything captured so far, plus the field being keyed when `inProgress`. */
export function valueFields(
  state: CaptureState,
  switches: Switches,
  inProgress = false,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, digits] of Object.entries(state.values) as [CaptureField, string][]) {
    const name = wireName[field];
    if (name) out[name] = finalValue(field, digits, switches);
  }
  if (state.cardType && state.values['payment-card-number']) out.PaymentCardType = state.cardType;
  const current = state.current;
  if (inProgress && current && !matchedField(current.field)) {
    const name = wireName[current.field];
    if (name) out[name] = progressValue(current.field, current.digits);
  }
  return out;
}

/** `Required`, formatted per the switch. */
export function requiredField(state: CaptureState, switches: Switches): string {
  return formatRequired(required(state), switches.requiredFormat);
}

/** `PartialResult` for a field's final (non-progress) callback: `false`, or absent with the `omit` switch. */
export function finalPartial(switches: Switches): Record<string, string> {
  return switches.finalPartialResult === 'false' ? { PartialResult: 'false' } : {};
}
