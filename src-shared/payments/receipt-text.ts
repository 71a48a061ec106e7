import { brandName } from './brand';
import { hasCardShapedRun } from './card-shape';
import { formatCharge } from './money';
import type { PaymentSession } from './session';

/** Twilio's limit for one message's body (Messages API: "up to 1,600 characters"). */
export const MAX_RECEIPT_LENGTH = 1600;

/** What a receipt template may say, each filled from the payment (masked card data only). */
export const RECEIPT_PLACEHOLDERS = ['business', 'amount', 'card', 'code', 'date'] as const;
export type ReceiptPlaceholder = (typeof RECEIPT_PLACEHOLDERS)[number];
export type ReceiptValues = Record<ReceiptPlaceholder, string>;

export const DEFAULT_RECEIPT_TEMPLATE =
  '{business}: thank you for your payment of {amount} with {card} on {date}. Confirmation code: {code}.';

const PLACEHOLDER = /\{([^{}]*)\}/g;

const count = (n: number) => n.toLocaleString('en-US');

/** Why a template cannot be used, in a sentence; undefined when it can. */
export function templateProblem(template: string): string | undefined {
  if (template.trim() === '') return 'Write the receipt’s wording, or reset it to the standard one.';
  if (template.length > MAX_RECEIPT_LENGTH)
    return `A receipt may be at most ${count(MAX_RECEIPT_LENGTH)} characters, Twilio’s limit for one text; this one has ${count(template.length)}.`;
  for (const [, name] of template.matchAll(PLACEHOLDER)) {
    if (!(RECEIPT_PLACEHOLDERS as readonly string[]).includes(name!))
      return `The wording has {${name}}, which Callpay cannot fill; use ${RECEIPT_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`;
  }
  if (hasCardShapedRun(template))
    return 'The wording has a long run of digits, which could be a card number; take it out.';
  return undefined;
}

/** The template with each placeholder filled. */
export function renderReceipt(template: string, values: ReceiptValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    (RECEIPT_PLACEHOLDERS as readonly string[]).includes(name) ? values[name as ReceiptPlaceholder] : whole,
  );
}

/**
 * Why the filled-in receipt cannot be sent, in a sentence; undefined when it can. The card-shape
 * check reads the text with the confirmation code left out: the code is the processor's id for
 * the charge, not card data, and an id can hold a long run of digits (the sandbox's `ch_` and 24
 * hex characters hold twelve in a row about once in fifty charges).
 */
export function bodyProblem(template: string, values: ReceiptValues): string | undefined {
  const body = renderReceipt(template, values);
  if (body.length > MAX_RECEIPT_LENGTH)
    return `This receipt would be ${count(body.length)} characters, over the ${count(MAX_RECEIPT_LENGTH)} Twilio allows in one text. Shorten the wording in Settings › Receipts.`;
  if (hasCardShapedRun(renderReceipt(template, { ...values, code: ' ' })))
    return 'This receipt would carry a long run of digits that could be a card number, so Callpay will not send it. Check the business name and wording in Settings › Receipts.';
  return undefined;
}

/** A paid session's values for the template: the amount, brand and last 4 (or bank and last 2), code, date. */
export function receiptValues(session: PaymentSession, business: string, locale = 'en-US'): ReceiptValues {
  const card =
    session.method === 'ach-debit'
      ? `bank account ending ${session.bank.accountLast2 ?? '••'}`
      : `${brandName(session.card.brand) || 'card'} ending ${session.card.last4 ?? '••••'}`;
  return {
    business,
    amount: formatCharge(session),
    card,
    code: session.result?.confirmationCode ?? '',
    date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(session.updatedAt)),
  };
}
