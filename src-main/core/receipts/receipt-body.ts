import { AppError } from '@shared/api';
import { receiptTemplate, type ReceiptSettings } from '@shared/api';
import type { PaymentSession } from '@shared/payments';
import { bodyProblem, receiptValues, renderReceipt } from '@shared/payments/receipt-text';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** The customer's number in E.164, or a sentence saying how to type it. */
export function customerNumber(typed: string): string {
  const parsed = parsePhoneNumberFromString(typed.trim(), 'US');
  if (!parsed || !parsed.isValid())
    throw new AppError(
      'invalid_argument',
      'That is not a phone number Callpay can text. Type it with its country code, for example +1 415 555 0123.',
      'to',
    );
  return parsed.number;
}

/** The receipt for a paid session, or why it cannot be sent (no business name, too long, digits). */
export function receiptBody(session: PaymentSession, settings: ReceiptSettings | undefined): string {
  const business = settings?.businessName?.trim();
  if (!business)
    throw new AppError(
      'no_business_name',
      'Type your business name in Settings › Receipts first, so the customer knows who the text is from.',
    );
  const template = receiptTemplate(settings);
  const values = receiptValues(session, business);
  const problem = bodyProblem(template, values);
  if (problem) throw new AppError('invalid_receipt', problem);
  return renderReceipt(template, values);
}

/** A session a receipt may be texted for: a charge that went through. */
export function paidSession(session: PaymentSession | undefined): PaymentSession {
  if (!session)
    throw new AppError(
      'not_found',
      'That payment is not in this run of Callpay any more, so its receipt cannot be sent.',
    );
  if (session.phase !== 'succeeded' || !session.charge)
    throw new AppError('not_paid', 'A receipt can be texted only for a payment that went through.');
  return session;
}
