import { z } from 'zod';
import { TwilioError, invalidParameter } from '../http/twilio-error';
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
      (v) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v),
      `${name} must be an absolute http(s) URL.`,
    );
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
  MinPostalCodeLength: int('MinPostalCodeLength', 0, 10).optional(),
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

/** A charge amount as Twilio takes it: a decimal from 0 to under 1,000,000; blank or 0 means tokenize. */
export function parseChargeAmount(raw: string | undefined): { ok: true; amount?: string } | { ok: false } {
  if (raw === undefined || raw.trim() === '') return { ok: true };
  if (!/^[0-9]+(\.[0-9]{1,2})?$/.test(raw.trim())) return { ok: false };
  const value = Number(raw);
  if (!(value < 1_000_000)) return { ok: false };
  return value === 0 ? { ok: true } : { ok: true, amount: value.toFixed(2) };
}

/** 64003's message, in the words Twilio's <Pay> uses. */
export function chargeAmountMessage(raw: string): string {
  return `ChargeAmount '${raw}' is not a number between 0.00 and 1,000,000.00.`;
}

/** Validates a create body; every failure is a Twilio 400 naming the parameter to fix. */
export function parseCreate(body: unknown): z.infer<typeof CreateSchema> {
  const result = CreateSchema.safeParse(body ?? {});
  if (!result.success) throw invalidParameter(firstIssue(result.error));
  if (result.data.BankAccountType && result.data.PaymentMethod === 'credit-card') {
    throw new TwilioError(400, 64017, 'BankAccountType is not supported with PaymentMethod=credit-card.');
  }
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
