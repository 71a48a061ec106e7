import { z } from 'zod';
import { TwilioError } from '../http';

/** What the failure switch makes the next messages do (the sandbox's stand-in for a carrier). */
export const MessageFailureSchema = z.object({
  /** `undelivered`: accepted, then a status callback with ErrorCode; `invalid-number`: 21211 at create. */
  mode: z.enum(['none', 'undelivered', 'invalid-number', 'unsubscribed']),
  /** The carrier's reason for `undelivered`: 30003 unreachable, 30005 unknown handset, 30006 landline. */
  errorCode: z.union([z.literal(30003), z.literal(30005), z.literal(30006)]).default(30003),
});
export type MessageFailure = z.infer<typeof MessageFailureSchema>;

export const noMessageFailure: MessageFailure = { mode: 'none', errorCode: 30003 };

// Twilio's test-credential magic numbers: each To answers with the error a real one would.
const MAGIC_TO: Record<string, () => TwilioError> = {
  '+15005550001': () => invalidTo(),
  '+15005550002': () =>
    new TwilioError(400, 21612, "The 'To' phone number is not currently reachable via SMS."),
  '+15005550004': () => unsubscribed(),
  '+15005550009': () => new TwilioError(400, 21614, "'To' number is not a valid mobile number"),
};

const E164 = /^\+[1-9][0-9]{6,14}$/;
const MAX_BODY = 1600;

const invalidTo = () => new TwilioError(400, 21211, "Invalid 'To' Phone Number");
const unsubscribed = () => new TwilioError(400, 21610, 'Attempt to send to unsubscribed recipient');

/** Twilio's create checks, in its order: To, From, Body; then the failure switch's refusals. */
export function checkCreate(
  body: Record<string, unknown>,
  owns: (e164: string) => boolean,
  failure: MessageFailure,
): { to: string; from: string; body: string; statusCallback?: string } {
  const to = typeof body.To === 'string' ? body.To : '';
  const from = typeof body.From === 'string' ? body.From : '';
  const text = typeof body.Body === 'string' ? body.Body : '';
  if (to === '') throw new TwilioError(400, 21604, "A 'To' phone number is required.");
  if (!E164.test(to)) throw invalidTo();
  const magic = MAGIC_TO[to];
  if (magic) throw magic();
  if (from === '') throw new TwilioError(400, 21603, "A 'From' phone number is required.");
  if (!owns(from))
    throw new TwilioError(
      400,
      21606,
      `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
    );
  if (text === '') throw new TwilioError(400, 21602, 'Message body is required.');
  if (text.length > MAX_BODY)
    throw new TwilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
  if (failure.mode === 'invalid-number') throw invalidTo();
  if (failure.mode === 'unsubscribed') throw unsubscribed();
  const statusCallback =
    typeof body.StatusCallback === 'string' && body.StatusCallback ? body.StatusCallback : undefined;
  return { to, from, body: text, statusCallback };
}

/** Twilio's segment count: 160 GSM-7 characters in one, 153 each once split (70/67 for UCS-2). */
export function segments(text: string): number {
  // eslint-disable-next-line no-control-regex
  const gsm = /^[\x0a\x0d\x20-\x7e£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¡ÄÖÑÜ§¿äöñüà€]*$/.test(text);
  const [one, many] = gsm ? [160, 153] : [70, 67];
  return text.length <= one ? 1 : Math.ceil(text.length / many);
}
