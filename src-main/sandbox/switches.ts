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
  connectorDelayMs: 500,
};
