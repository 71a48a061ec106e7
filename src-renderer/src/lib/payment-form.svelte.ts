import {
  StartPaymentArgs,
  CARD_TYPES,
  type CardType,
  type StartPaymentInput,
} from '@shared/payments/start-args';
import { CURRENCY_CODES } from '@shared/payments/currencies';
import { formatMoney, parseAmount } from '@shared/payments/money';
import type { MatchableField, PaymentMethod } from '@shared/payments/fields';

export type Purpose = 'charge' | 'save';
export type TokenChoice = 'reusable' | 'one-time' | 'payment-method';
export { CARD_TYPES, CURRENCY_CODES };

/** The start form: what the agent types, checked as it is typed, and turned into payments.start. */
export class PaymentForm {
  amount = $state('');
  currency = $state('USD');
  method = $state<PaymentMethod>('credit-card');
  purpose = $state<Purpose>('charge');
  cardTypes = $state<CardType[]>(['visa', 'mastercard', 'amex']);
  securityCode = $state(true);
  postalCode = $state(true);
  tokenType = $state<TokenChoice>('reusable');
  description = $state('');
  timeout = $state('5');
  accountHolder = $state('');
  /** Card fields the customer keys twice (RequireMatchingInputs). */
  keyTwice = $state<MatchableField[]>([]);
  /** Twilio reads the details back and the customer presses 1 to pay (Confirmation). */
  readBack = $state(false);
  #serverErrors = $state<Record<string, string>>({});

  /** A preview of the amount in the currency's own format, or undefined while it is not valid. */
  readonly preview = $derived.by(() => {
    if (this.purpose !== 'charge' || this.amount.trim() === '') return undefined;
    const check = parseAmount(this.amount, this.currency);
    return check.ok ? formatMoney(check.minor, this.currency) : undefined;
  });

  /** Problems by field name, from the shared schema plus what the core said last time. */
  readonly errors = $derived.by(() => {
    const found: Record<string, string> = { ...this.#serverErrors };
    if (this.purpose === 'charge' && this.amount.trim() === '') found.amount = 'Enter the amount to charge.';
    if (this.method === 'ach-debit' && this.accountHolder.trim() === '')
      found.accountHolder = 'Enter the account holder’s name, as the bank knows it.';
    if (!/^\d+$/.test(this.timeout.trim())) found.timeout = 'The timeout must be a whole number of seconds.';
    const parsed = StartPaymentArgs.safeParse(this.args('CA' + '0'.repeat(32)));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] === 'parameters' ? 'accountHolder' : String(issue.path[0] ?? 'form');
        found[key] ??= issue.message;
      }
    }
    return found;
  });

  /** What the agent typed that the form shows an error for right away (an untouched empty amount is not one). */
  visibleError(field: string): string | undefined {
    if (field === 'amount' && this.amount === '' && !this.#serverErrors.amount) return undefined;
    if (field === 'accountHolder' && this.accountHolder === '' && !this.#serverErrors.accountHolder)
      return undefined;
    return this.errors[field];
  }

  get valid() {
    return Object.keys(this.errors).length === 0;
  }

  /** Shows an error the core returned next to its field; clears when the agent edits anything. */
  setServerError(field: string | undefined, message: string) {
    // `validCardTypes.0` belongs to the card types; parameters are the account holder's name.
    const key = field?.split('.')[0];
    this.#serverErrors = { [key === 'parameters' ? 'accountHolder' : (key ?? 'form')]: message };
  }
  clearServerErrors() {
    if (Object.keys(this.#serverErrors).length > 0) this.#serverErrors = {};
  }

  /** After a payment went through: the amount and description go, so nothing is charged twice by mistake. */
  clearAfterSuccess() {
    this.amount = '';
    this.description = '';
  }

  toggleKeyTwice(field: MatchableField, on: boolean) {
    const others = this.keyTwice.filter((f) => f !== field);
    this.keyTwice = on ? [...others, field] : others;
  }

  /** The fields keyed twice that this payment still collects (an unticked field cannot be). */
  get keyedTwice(): MatchableField[] {
    return this.keyTwice.filter(
      (f) => (f !== 'security-code' || this.securityCode) && (f !== 'postal-code' || this.postalCode),
    );
  }

  toggleCardType(type: CardType, on: boolean) {
    const others = this.cardTypes.filter((t) => t !== type);
    this.cardTypes = on ? [...others, type] : others;
  }

  /** The payments.start arguments for a call. */
  args(callSid: string): StartPaymentInput {
    const card = this.method === 'credit-card';
    const timeout = Number(this.timeout);
    return {
      callSid,
      method: this.method,
      currency: this.currency,
      ...(this.purpose === 'charge' ? { amount: this.amount.trim() } : { tokenType: this.tokenType }),
      ...(this.description.trim() ? { description: this.description.trim() } : {}),
      ...(card
        ? { validCardTypes: this.cardTypes, securityCode: this.securityCode, postalCode: this.postalCode }
        : { parameters: { AVSName: this.accountHolder.trim() } }),
      ...(card && this.keyedTwice.length > 0 ? { requireMatchingInputs: this.keyedTwice } : {}),
      ...(this.readBack ? { confirmation: true } : {}),
      timeout: Number.isInteger(timeout) ? timeout : 5,
    };
  }
}
