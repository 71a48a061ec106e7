import { randomUUID } from 'node:crypto';
import type { Twilio } from 'twilio';
import type { PaymentField, StartPaymentArgs } from '@shared/payments';
import { chargeAmount } from '@shared/payments';
import { DEFAULT_RETRY, retryReason, withRetry, type RetryPolicy } from './retry';

/**
 * The two Payments writes PaymentsService makes; each call is one logical write with its own key.
 * A caller that wrote the key down first (to resend it after a restart) passes it in.
 */
export interface PaymentsApi {
  create(
    callSid: string,
    args: StartPaymentArgs,
    statusCallback: string,
    idempotencyKey?: string,
  ): Promise<{ sid: string }>;
  update(
    callSid: string,
    paymentSid: string,
    change: { capture: PaymentField } | { status: 'complete' | 'cancel' },
    statusCallback: string,
    idempotencyKey?: string,
  ): Promise<void>;
  /** The key a start should use: an earlier start's whose every attempt was lost, or a fresh one. */
  startKey?(callSid: string, args: StartPaymentArgs): string;
  /** The call's leg and its parent leg, either of which a payment's callbacks may name. */
  callLegs?(callSid: string): Promise<string[]>;
}

/** Twilio's create parameters for the start arguments (already validated). */
export function createParams(args: StartPaymentArgs, statusCallback: string, idempotencyKey: string) {
  const charge = args.charge === undefined ? undefined : chargeAmount(args.charge);
  const card = args.method === 'credit-card';
  return {
    idempotencyKey,
    statusCallback,
    paymentMethod: args.method,
    paymentConnector: args.paymentConnector,
    currency: args.currency.toUpperCase(),
    timeout: args.timeout,
    input: 'dtmf',
    ...(charge === undefined
      ? { tokenType: args.tokenType ?? 'reusable' }
      : { chargeAmount: Number(charge) }),
    ...(args.description ? { description: args.description } : {}),
    ...(card
      ? {
          validCardTypes: args.validCardTypes.join(' '),
          securityCode: args.securityCode,
          postalCode: args.postalCode,
          ...(args.minPostalCodeLength === undefined
            ? {}
            : { minPostalCodeLength: args.minPostalCodeLength }),
          ...(args.requireMatchingInputs?.length
            ? { requireMatchingInputs: args.requireMatchingInputs.join(',') }
            : {}),
        }
      : { bankAccountType: args.bankAccountType ?? 'consumer-checking' }),
    ...(args.parameters ? { parameter: args.parameters } : {}),
    ...(args.confirmation ? { confirmation: 'true' } : {}),
  };
}

/**
 * Payments writes through the official client. Each write gets a fresh IdempotencyKey, and the
 * same key is reused when that write is retried after a transport failure or a 5xx.
 */
export function paymentsApi(
  client: () => Twilio,
  policy: RetryPolicy = DEFAULT_RETRY,
  newKey: () => string = randomUUID,
): PaymentsApi {
  // A start whose every attempt was lost in transport may still have opened a payment at Twilio.
  // Starting the same payment on the same call again reuses its key, so Twilio answers with that
  // payment instead of refusing a second session on the call.
  const unconfirmed = new Map<string, string>();
  const attemptOf = (callSid: string, args: StartPaymentArgs) => `${callSid} ${JSON.stringify(args)}`;
  return {
    startKey: (callSid, args) => unconfirmed.get(attemptOf(callSid, args)) ?? newKey(),
    async create(callSid, args, statusCallback, given) {
      const attempt = attemptOf(callSid, args);
      const key = given ?? unconfirmed.get(attempt) ?? newKey();
      const params = createParams(args, statusCallback, key);
      try {
        const payment = await withRetry(() => client().calls(callSid).payments.create(params), policy);
        unconfirmed.delete(attempt);
        return { sid: payment.sid };
      } catch (error) {
        if (retryReason(error) !== undefined) unconfirmed.set(attempt, key);
        else unconfirmed.delete(attempt);
        throw error;
      }
    },
    async callLegs(callSid) {
      const call = await withRetry(() => client().calls(callSid).fetch(), policy);
      return call.parentCallSid ? [callSid, call.parentCallSid] : [callSid];
    },
    async update(callSid, paymentSid, change, statusCallback, given) {
      const idempotencyKey = given ?? newKey();
      await withRetry(
        () =>
          client()
            .calls(callSid)
            .payments(paymentSid)
            .update({ idempotencyKey, statusCallback, ...change }),
        policy,
      );
    },
  };
}
