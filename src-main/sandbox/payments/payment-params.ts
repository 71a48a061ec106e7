import { z } from 'zod';
import { TwilioError, invalidParameter } from '../http';
import { currencyDigits } from '../connector';
import { cardTypes } from './card-rules';
import { captureFields, matchableFields, type CaptureField, type MatchableField } from './capture-fields';

const bool = (name: string) =>
  z
    .enum(['true', 'false', 'True', 'False'], { message: `${name} must be true or false.` })
    .transform((v) => v.toLowerCase() === 'true');
const int = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]+$/, `${name} must be a whole number from ${min} to ${max}.`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be a whole number from ${min} to ${max}.`);
const url = (name: string) =>
  z
    .string({ message: `${name} is required: the URL that receives this payment's status callbacks.` })
    .refine(
      (v) => (/^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v)) || isRelativeUrl(v),
      `${name} must be an absolute http(s) URL or a URL relative to the call's TwiML document.`,
    );

function isRelativeUrl(v: string): boolean {
  return v !== '' && !/\s/.test(v) && !/^[a-z][a-z0-9+.-]*:/i.test(v);
}

/**
 * A StatusCallback as Twilio will POST to it. A relative one resolves against the TwiML document the
 * call (or, for a dialled leg, its parent) is running, as relative URLs in TwiML do; with no such
 * document there is nothing to resolve against (as Twilio's 15004 refuses relative URLs in inline TwiML).
 */
export function resolveStatusCallback(raw: string, bases: (string | undefined)[]): string {
  if (/^https?:\/\//i.test(raw)) return raw;
  const base = bases.find((b) => b !== undefined);
  if (base === undefined) {
    throw invalidParameter(
      `StatusCallback '${raw}' is relative, and this call has no TwiML document URL to resolve it against; send an absolute URL.`,
    );
  }
  return new URL(raw, base).toString();
}
const key = z
  .string({ message: 'IdempotencyKey is required: a unique string per request.' })
  .min(1, 'IdempotencyKey is required: a unique string per request.')
  .max(256, 'IdempotencyKey must be at most 256 characters.');

const CreateSchema = z.object({
  IdempotencyKey: key,
  StatusCallback: url('StatusCallback'),
  BankAccountType: z
    .enum(['consumer-checking', 'consumer-savings', 'commercial-checking'], {
      message: 'BankAccountType must be consumer-checking, consumer-savings or commercial-checking.',
    })
    .optional(),
  ChargeAmount: z.string().optional(),
  Currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'Currency must be a three-letter ISO 4217 code such as USD.')
    .transform((c) => c.toUpperCase())
    .default('USD'),
  Description: z.string().max(1024, 'Description must be at most 1024 characters.').optional(),
  Input: z.enum(['dtmf'], { message: 'Input must be dtmf, the only input Twilio supports.' }).default('dtmf'),
  MinPostalCodeLength: int('MinPostalCodeLength', 1, 10).optional(),
  Parameter: z.string().max(4096, 'Parameter must be at most 4096 characters.').optional(),
  PaymentConnector: z.string().min(1).default('Default'),
  PaymentMethod: z
    .enum(['credit-card', 'ach-debit'], { message: 'PaymentMethod must be credit-card or ach-debit.' })
    .default('credit-card'),
  PostalCode: bool('PostalCode').default(true),
  SecurityCode: bool('SecurityCode').default(true),
  Timeout: int('Timeout', 1, 600).default(5),
  TokenType: z
    .enum(['one-time', 'reusable', 'payment-method'], {
      message: 'TokenType must be one-time, reusable or payment-method.',
    })
    .default('reusable'),
  ValidCardTypes: z
    .string()
    .default('visa mastercard amex')
    .transform((v) => v.trim().split(/\s+/))
    .refine((list) => list.every((t) => (cardTypes as readonly string[]).includes(t)), {
      message: `ValidCardTypes must be space-separated values from: ${cardTypes.join(' ')}.`,
    }),
  RequireMatchingInputs: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((s) => s.trim()) : []))
    .refine((list) => list.every((f) => (matchableFields as readonly string[]).includes(f)), {
      message: `RequireMatchingInputs must be a comma-separated list from: ${matchableFields.join(', ')}.`,
    })
    .transform((list) => list as MatchableField[]),
  Confirmation: bool('Confirmation').default(false),
});

export type CreateParams = z.infer<typeof CreateSchema> & { chargeAmount?: string };

const UpdateSchema = z.object({
  IdempotencyKey: key,
  StatusCallback: url('StatusCallback'),
  Capture: z
    .enum(captureFields, { message: `Capture must be one of: ${captureFields.join(', ')}.` })
    .optional(),
  Status: z.enum(['complete', 'cancel'], { message: 'Status must be complete or cancel.' }).optional(),
});

export type UpdateParams = { IdempotencyKey: string; StatusCallback: string } & (
  { Capture: CaptureField; Status?: undefined } | { Status: 'complete' | 'cancel'; Capture?: undefined }
);

function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'A parameter is invalid.';
}

/**
 * A charge amount as Twilio takes it: a decimal from 0 to under 1,000,000 with no more decimals than the
 * currency has minor units (JPY 0, USD 2, KWD 3); blank or 0 means tokenize.
 */
export function parseChargeAmount(
  raw: string | undefined,
  currency: string,
): { ok: true; amount?: string } | { ok: false } {
  if (raw === undefined || raw.trim() === '') return { ok: true };
  const digits = currencyDigits(currency) ?? 2;
  const match = /^([0-9]+)(?:\.([0-9]+))?$/.exec(raw.trim());
  if (!match || (match[2] ?? '').length > digits) return { ok: false };
  const value = Number(raw);
  if (!(value < 1_000_000)) return { ok: false };
  return value === 0 ? { ok: true } : { ok: true, amount: value.toFixed(digits) };
}

/** 64003's message, in the words Twilio's <Pay> uses, with the currency's own decimals. */
export function chargeAmountMessage(raw: string, currency: string): string {
  const zeros = '0'.repeat(currencyDigits(currency) ?? 2);
  const [low, high] = zeros ? [`0.${zeros}`, `1,000,000.${zeros}`] : ['0', '1,000,000'];
  return `ChargeAmount '${raw}' does not conform to the currency ${currency.toUpperCase()}: it must be a number between ${low} and ${high}.`;
}

/**
 * Parameter: a single-level JSON object. Twilio's own example uses single quotes (`{'name':'foobar'}`),
 * so those are read too. ACH needs AVSName, the account holder's name (64014).
 */
export function parseParameter(raw: string | undefined, method: string): Record<string, string> {
  const text = raw?.trim() ?? '';
  let parsed: unknown = {};
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      try {
        parsed = JSON.parse(text.replace(/'/g, '"'));
      } catch {
        throw invalidParameter('Parameter must be a JSON object of names and values.');
      }
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidParameter('Parameter must be a JSON object of names and values.');
  }
  const entries = Object.entries(parsed);
  if (entries.some(([, v]) => typeof v === 'object' && v !== null)) {
    throw invalidParameter('Parameter must be a single-level JSON object (no nested objects).');
  }
  const out = Object.fromEntries(entries.map(([k, v]) => [k, String(v)]));
  if (method === 'ach-debit' && !(out.AVSName ?? '').trim()) {
    throw new TwilioError(400, 64014, "ECP/ACH requires AVSName Parameter: send the account holder's name.");
  }
  return out;
}

/** Validates a create body; every failure is a Twilio 400 naming the parameter to fix. */
export function parseCreate(body: unknown): z.infer<typeof CreateSchema> {
  const result = CreateSchema.safeParse(body ?? {});
  if (!result.success) throw invalidParameter(firstIssue(result.error));
  if (result.data.BankAccountType && result.data.PaymentMethod === 'credit-card') {
    throw new TwilioError(400, 64017, 'BankAccountType is not supported with PaymentMethod=credit-card.');
  }
  parseParameter(result.data.Parameter, result.data.PaymentMethod);
  return result.data;
}

/** Validates an update body: exactly one of Capture or Status (else 64018). */
export function parseUpdate(body: unknown): UpdateParams {
  const result = UpdateSchema.safeParse(body ?? {});
  if (!result.success) throw invalidParameter(firstIssue(result.error));
  const { Capture, Status } = result.data;
  if ((Capture === undefined) === (Status === undefined)) {
    throw new TwilioError(400, 64018, 'Value needed for either Capture or Status: send exactly one of them.');
  }
  return result.data as UpdateParams;
}
