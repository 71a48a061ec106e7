import { z } from 'zod';

/**
 * Behaviours Twilio leaves undocumented (reference §8); each default is the most likely real one.
 * - requiredFormat: `kebab` = `payment-card-number,expiration-date` (what every client parses) or docs' `PaymentCardNumber`.
 * - finalPartialResult: the per-field final callback carries `PartialResult=false` or omits it.
 * - cardMask: `run` = `xxxxxxxxxxxx1111` (observed) or `grouped` = `xxxx-xxxxxx-x4001` (docs).
 * - callbackCallSid: the parent leg when the payment is on a child leg (the payment page: "will always refer to
 *   the parent leg of a two-leg call"), or the payment's own leg.
 * - callbackDates: ISO-8601 (observed) or RFC 2822 (the REST format).
 * - cancelResult: `transaction-cancelled` on cancel, or no Result at all.
 * - incompleteComplete: `Status=complete` with fields still required is a REST 400 (64019) or a callback.
 * - invalidChargeAmount: a bad ChargeAmount is a REST 400 (64003) or a `validation-error` Result callback.
 * - idempotencyConflict: the same key with other parameters is processed normally or rejected (64020).
 * - connectorRefusal: what the connector cannot do (64005-64013) is a REST 400 at create, or a
 *   `payment-connector-error` Result once the details reach it at complete.
 * - createIdempotency: a create repeated with the same IdempotencyKey and parameters gets the first answer
 *   again (`replay`), or Twilio keeps no memory of it (`none`): while the first session is open the repeat is
 *   refused with 64021, and once it has ended the repeat opens another session.
 * - abandonedEntry: a Capture requested while another field is half keyed drops the keys silently (`drop`), or
 *   first ends that field as `#` would (`validate`: its callback, captured or ErrorType, comes before the new one).
 * - starOutsideCapture: `*` pressed while no field is being captured is not listened for (`ignore`), or ends the
 *   session with `caller-interrupted-with-star` as `<Pay>` does "at any point" (`end-session`).
 * - firstDigitWait: how long a requested field waits for its first key: at least 30 s (`at-least-30s`, Timeout
 *   documents only the wait between keys "after the first one"), the same Timeout (`timeout`), or until the
 *   agent asks for something else (`none`: no input-timeout before the first key).
 * - connectorDelayMs: how long the connector takes to answer after `Status=complete` (a real one takes
 *   seconds; the Generic connector waits up to 10 s per try); not a reading, a setting tests can lower.
 */
export const SwitchesSchema = z.object({
  requiredFormat: z.enum(['kebab', 'pascal']),
  finalPartialResult: z.enum(['false', 'omit']),
  cardMask: z.enum(['run', 'grouped']),
  callbackCallSid: z.enum(['payment-leg', 'parent-leg']),
  callbackDates: z.enum(['iso', 'rfc2822']),
  cancelResult: z.enum(['transaction-cancelled', 'omit']),
  incompleteComplete: z.enum(['rest-error', 'callback']),
  invalidChargeAmount: z.enum(['rest-error', 'callback']),
  idempotencyConflict: z.enum(['process', 'reject']),
  connectorRefusal: z.enum(['rest-error', 'callback']),
  createIdempotency: z.enum(['replay', 'none']),
  abandonedEntry: z.enum(['drop', 'validate']),
  starOutsideCapture: z.enum(['ignore', 'end-session']),
  firstDigitWait: z.enum(['at-least-30s', 'timeout', 'none']),
  connectorDelayMs: z.number().int().min(0).max(60_000),
});

export type Switches = z.infer<typeof SwitchesSchema>;

/** The defaults: the behaviour real clients rely on where the docs and practice disagree. */
export const defaultSwitches: Switches = {
  requiredFormat: 'kebab',
  finalPartialResult: 'false',
  cardMask: 'run',
  callbackCallSid: 'parent-leg',
  callbackDates: 'iso',
  cancelResult: 'transaction-cancelled',
  incompleteComplete: 'rest-error',
  invalidChargeAmount: 'rest-error',
  idempotencyConflict: 'process',
  connectorRefusal: 'rest-error',
  createIdempotency: 'replay',
  abandonedEntry: 'drop',
  starOutsideCapture: 'ignore',
  firstDigitWait: 'at-least-30s',
  connectorDelayMs: 500,
};
