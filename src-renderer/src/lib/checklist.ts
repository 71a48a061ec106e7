import { checklistWords } from '@shared/payments/catalogue';
import { FIELD_LABELS, FIELD_TITLES, matchedField, type PaymentField } from '@shared/payments/fields';
import type { FieldState, PaymentSession } from '@shared/payments/session';

/** How one row of the capture checklist reads. */
export type RowState = 'pending' | 'listening' | 'captured' | 'retry';

export interface ChecklistRow {
  field: PaymentField;
  label: string;
  /** The Request button's accessible name, exactly as agents and tests know it. */
  requestLabel: string;
  state: RowState;
  /** While listening: digits keyed so far and how many the detected brand needs. */
  keyed?: number;
  expected?: number;
  display?: string;
  brand?: string;
  /** The ErrorType in plain words, and what to say to the customer. */
  problem?: string;
  tellCustomer?: string;
  detail?: string;
  /** A second entry (RequireMatchingInputs): it shows no digits, only whether it matched. */
  second?: boolean;
  /** A second entry the customer is keying now. */
  keying?: boolean;
}

export { FIELD_TITLES };

export const requestLabel = (field: PaymentField) => `Request ${FIELD_TITLES[field].toLowerCase()}`;

/** Digits a field needs for a brand: Amex has 15 and a 4-digit code, Diners 14, others 16 and 3. */
export function expectedDigits(field: PaymentField, brand: string | undefined): number | undefined {
  const b = (brand ?? '').toLowerCase();
  switch (field) {
    case 'payment-card-number':
      return b === 'amex' ? 15 : b === 'diners-club' ? 14 : 16;
    case 'security-code':
      return b === 'amex' ? 4 : 3;
    case 'expiration-date':
      return 4;
    case 'bank-routing-number':
      return 9;
    default:
      return undefined;
  }
}

/** Keys entered so far, from the partial mask Twilio sends while the customer types. */
const keyedFrom = (display: string | undefined) => (display ?? '').replace(/\s/g, '').length;

/** A mismatch, as the first entry's row and the second entry's row each say it. */
function mismatch(first: PaymentField, isSecond: boolean): [problem: string, say: string] {
  const name = FIELD_LABELS[first];
  return isSecond
    ? [
        'Did not match the first entry',
        `The two entries did not match. Let’s take the ${name} again from the start.`,
      ]
    : [
        `The two entries did not match: request the ${name} again`,
        `The two entries did not match. Please key the ${name} again; you will be asked for it twice.`,
      ];
}

/** One checklist row of a second entry: listening, matched, or did not match. */
function secondRow(f: FieldState, first: PaymentField, base: Omit<ChecklistRow, 'state'>): ChecklistRow {
  const row = { ...base, second: true };
  switch (f.status) {
    case 'pending':
      return { ...row, state: 'pending' };
    case 'requested':
    case 'capturing':
      return { ...row, state: 'listening', keying: f.status === 'capturing' };
    case 'captured':
      return { ...row, state: 'captured', display: 'Matches the first entry' };
    case 'error': {
      const [problem, say] =
        f.errorType === 'input-matching-failed'
          ? mismatch(first, true)
          : (checklistWords(f.errorType ?? '') ?? []);
      return {
        ...row,
        state: 'retry',
        problem: problem ?? 'Capture interrupted',
        tellCustomer: say ?? 'Sorry, we need that again. Please key it when you hear the prompt.',
        detail: problem ? undefined : f.message,
      };
    }
  }
}

/** One checklist row from one field of the session. */
export function rowFor(f: FieldState, session: Pick<PaymentSession, 'card'>): ChecklistRow {
  const base = { field: f.field, label: FIELD_TITLES[f.field], requestLabel: requestLabel(f.field) };
  const first = matchedField(f.field);
  if (first !== undefined) return secondRow(f, first, base);
  const brand = session.card.brand;
  switch (f.status) {
    case 'pending':
      return { ...base, state: 'pending' };
    case 'requested':
    case 'capturing':
      return {
        ...base,
        state: 'listening',
        keyed: f.status === 'capturing' ? keyedFrom(f.display) : 0,
        expected: expectedDigits(f.field, brand),
        brand: f.field === 'payment-card-number' ? brand : undefined,
      };
    case 'captured':
      return {
        ...base,
        state: 'captured',
        display: f.display,
        brand: f.field === 'payment-card-number' ? brand : undefined,
      };
    case 'error': {
      const known =
        f.errorType === 'input-matching-failed'
          ? mismatch(f.field, false)
          : f.errorType
            ? checklistWords(f.errorType)
            : undefined;
      const [problem, say] = known ?? [
        f.errorType ? `Twilio reported ${f.errorType}` : 'Capture interrupted',
        'Sorry, we need that again. Please key it when you hear the prompt.',
      ];
      // A known ErrorType is said in plain words already; otherwise the core's sentence explains it.
      return { ...base, state: 'retry', problem, tellCustomer: say, detail: known ? undefined : f.message };
    }
  }
}

/** Every row of the session, in the session's order. */
export const checklistRows = (session: PaymentSession): ChecklistRow[] =>
  session.fields.map((f) => rowFor(f, session));

/** The field the "next" shortcut requests: the first one that is not captured nor being listened for. */
export function nextField(rows: readonly ChecklistRow[]): PaymentField | undefined {
  return rows.find((r) => r.state === 'retry')?.field ?? rows.find((r) => r.state === 'pending')?.field;
}
