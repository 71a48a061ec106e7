import { performance } from 'node:perf_hooks';
import twilio from 'twilio';
import type { PaymentSession } from '@shared/payments';
import type { Core } from '../../src-main/core/compose';
import { percentile } from './stats';

export interface LatencyTarget {
  core: Core;
  authToken: string;
  accountSid: string;
  /** Where to POST, and the URL Twilio would have signed (the same for direct, the public one via a tunnel). */
  postBase: string;
  signedBase: string;
  /** Calls with a payment session open on each. */
  sessions: PaymentSession[];
}

/**
 * Posts signed partial-capture callbacks one at a time and times each from the moment it is sent
 * to the moment the core emits the session event it causes. Returns the samples in ms.
 */
export async function measureCallbackLatency(target: LatencyTarget, perSession = 15): Promise<number[]> {
  const waiting = new Map<string, (at: number) => void>();
  const off = target.core.api.subscribe((name, payload) => {
    if (name !== 'payments.session') return;
    const s = payload as PaymentSession;
    const field = s.fields.find((f) => f.field === 'payment-card-number');
    const key = `${s.id}:${field?.display?.length ?? 0}`;
    waiting.get(key)?.(performance.now());
  });
  const path = '/twilio/payments/status';
  const samples: number[] = [];
  let clock = Date.now();
  for (const session of target.sessions) {
    for (let keyed = 1; keyed <= perSession; keyed++) {
      const params = {
        AccountSid: target.accountSid,
        CallSid: session.callSid,
        Sid: session.paymentSid!,
        Capture: 'payment-card-number',
        PartialResult: 'true',
        PaymentCardNumber: 'x'.repeat(keyed),
        Required: 'payment-card-number,expiration-date,security-code,postal-code',
        DateUpdated: new Date(++clock).toISOString(),
      };
      const signature = twilio.getExpectedTwilioSignature(target.authToken, target.signedBase + path, params);
      const emitted = new Promise<number>((resolve) => waiting.set(`${session.id}:${keyed}`, resolve));
      const sent = performance.now();
      const response = await fetch(target.postBase + path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params),
      });
      if (response.status >= 300) throw new Error(`The receiver answered ${response.status}.`);
      samples.push((await emitted) - sent);
    }
  }
  off();
  return samples;
}

export const p99 = (samples: number[]) => percentile(samples, 99);
