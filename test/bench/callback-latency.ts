import { performance } from 'node:perf_hooks';
import twilio from 'twilio';
import type { PaymentSession } from '@shared/payments';
import type { Core } from '../../src-main/core/compose';
import { postForm } from '../../src-main/sandbox/http';
import type { BareRoute } from './bare-callback-route';
import { CALLBACK_PATH } from './bare-callback-route';
import { percentile } from './stats';

/** Where "event out" is seen: called with the payment Sid and how many digits the event shows keyed. */
export type EventWatch = (listener: (paymentSid: string, keyed: number) => void) => () => void;

export interface LatencyTarget {
  authToken: string;
  accountSid: string;
  /** Where to POST, and the URL Twilio would have signed (the same for direct, the public one via a tunnel). */
  postBase: string;
  signedBase: string;
  /** Payments open on their calls. */
  sessions: Array<Pick<PaymentSession, 'callSid' | 'paymentSid'>>;
  watch: EventWatch;
}

/** The digits of the card number a session shows keyed (0 before the first). */
export const keyedDigits = (s: PaymentSession) =>
  s.fields.find((f) => f.field === 'payment-card-number')?.display?.length ?? 0;

/** The core's event out: the `payments.session` event a partial card-number callback causes. */
export const coreEvents =
  (core: Core): EventWatch =>
  (listener) =>
    core.api.subscribe((name, payload) => {
      if (name !== 'payments.session') return;
      const s = payload as PaymentSession;
      if (s.paymentSid) listener(s.paymentSid, keyedDigits(s));
    });

/** The bare route's event out: its handler ran after the signature checked out. */
export const bareEvents =
  (bare: BareRoute): EventWatch =>
  (listener) =>
    bare.onCallback((p) => listener(p.Sid ?? '', (p.PaymentCardNumber ?? '').length));

// Each callback keys one more digit than the session's last, up to 15, then repeats 15 with a later
// DateUpdated (a partial as long as the last is still news): each changes the session, one event each.
const MAX_KEYED = 15;
/** Callbacks the server answered 408 (request not read in time) and that were sent again. */
export let transportRetries = 0;

// Kept across runs: a session already showing 15 keyed must not be sent fewer.
const keyedSoFar = new Map<string, number>();
// Kept across runs too: a repeated 15 is news only with a later DateUpdated, and a round of quick
// callbacks (one ms apart each) can run ahead of the wall clock the next round would start from.
let lastDateUpdated = 0;

/**
 * Posts `count` signed partial-capture callbacks one at a time, round-robin over the sessions, and
 * times each from the moment it is sent to the moment the target emits the event it causes. Returns
 * the samples in ms.
 */
export async function measureCallbackLatency(target: LatencyTarget, count: number): Promise<number[]> {
  const waiting = new Map<string, (at: number) => void>();
  const off = target.watch((sid, keyed) => waiting.get(`${sid}:${keyed}`)?.(performance.now()));
  const samples: number[] = [];
  let clock = Math.max(Date.now(), lastDateUpdated);
  try {
    for (let i = 0; i < count; i++) {
      const session = target.sessions[i % target.sessions.length]!;
      const sid = session.paymentSid!;
      const keyed = Math.min((keyedSoFar.get(sid) ?? 0) + 1, MAX_KEYED);
      keyedSoFar.set(sid, keyed);
      const post = partialCallback(target, session, keyed, new Date((lastDateUpdated = ++clock)));
      const key = `${sid}:${keyed}`;
      let timer: NodeJS.Timeout | undefined;
      const emitted = new Promise<number>((resolve, reject) => {
        waiting.set(key, resolve);
        const late = () => reject(new Error(`No event for callback ${i} to ${target.postBase} within 30 s.`));
        timer = setTimeout(late, 30_000);
      });
      // Awaited below, after the response: a timeout while the POST is still out must not go unhandled.
      emitted.catch(() => undefined);
      let sent = 0;
      const status = await deliver(post, () => (sent = performance.now()));
      if (status >= 300) throw new Error(`${target.postBase} answered ${status} to callback ${i}.`);
      samples.push((await emitted) - sent);
      clearTimeout(timer);
      waiting.delete(key);
    }
  } finally {
    off();
  }
  return samples;
}

/** Where a signed callback goes: POSTed to `postBase`, signed for `signedBase` with the account's Auth Token. */
export type CallbackTarget = Pick<LatencyTarget, 'authToken' | 'accountSid' | 'postBase' | 'signedBase'>;

/**
 * A signed partial-capture callback for the session's card number showing `keyed` digits, as
 * Twilio sends it; returns the POST (it resolves to the answer's status once the answer is read), to
 * be sent (and sent again) by `deliver`.
 */
export function partialCallback(
  target: CallbackTarget,
  session: Pick<PaymentSession, 'callSid' | 'paymentSid'>,
  keyed: number,
  dateUpdated: Date,
): () => Promise<number> {
  const params = {
    AccountSid: target.accountSid,
    CallSid: session.callSid,
    Sid: session.paymentSid!,
    Capture: 'payment-card-number',
    PartialResult: 'true',
    PaymentCardNumber: 'x'.repeat(keyed),
    Required: 'payment-card-number,expiration-date,security-code,postal-code',
    DateUpdated: dateUpdated.toISOString(),
  };
  const signature = twilio.getExpectedTwilioSignature(
    target.authToken,
    target.signedBase + CALLBACK_PATH,
    params,
  );
  const body = new URLSearchParams(params).toString();
  // The sandbox's own sender (node:http, kept-alive; not fetch, whose requests outlive minor GCs:
  // see postForm), so the bench's heap stays flat and its collections do not stall what it times.
  // A request left unanswered is a finding to report, not a wait without end.
  const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature };
  return async () => (await postForm(target.postBase + CALLBACK_PATH, body, headers, 30_000)).status;
}

/**
 * Sends a callback and reads its answer. A 408 means the server timed out the connection just as
 * this request arrived on it (the receiver no longer times out the tunnel's waiting connections,
 * the cause of most; a keep-alive close can still race): the callback never reached the handler, so
 * it is sent again, as Twilio would, and counted. `onSend` marks each attempt's start.
 */
export async function deliver(post: () => Promise<number>, onSend?: () => void): Promise<number> {
  onSend?.();
  let status = await post();
  for (let tries = 0; status === 408 && tries < 20; tries++) {
    transportRetries++;
    onSend?.();
    status = await post();
  }
  return status;
}

export const p99 = (samples: number[]) => percentile(samples, 99);
