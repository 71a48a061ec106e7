import { parseAmount, type PaymentSession } from '@shared/payments';

type Params = Readonly<Record<string, string>>;

/**
 * Sessions whose repeated start Twilio refused with 64021 (a payment already open on the call, most
 * likely the one whose answer was lost), each waiting for a callback that names that payment. A
 * callback's CallSid may be the payment's leg or its parent leg (reference §8.4), so both count.
 */
export class OrphanWatch {
  readonly #legs = new Map<string, Set<string>>();

  /** Starts (or widens) the watch for a session; `legs` are the call's Sids a callback may carry. */
  watch(sessionId: string, legs: readonly string[]): void {
    const known = this.#legs.get(sessionId) ?? new Set<string>();
    for (const leg of legs) known.add(leg);
    this.#legs.set(sessionId, known);
  }

  /** The session waiting for a payment on the leg this callback names; watches no longer `alive` end. */
  claimant(params: Params, alive: (sessionId: string) => boolean): string | undefined {
    const callSid = params.CallSid ?? '';
    for (const [sessionId, legs] of this.#legs) {
      if (!alive(sessionId)) this.#legs.delete(sessionId);
      else if (legs.has(callSid)) return sessionId;
    }
    return undefined;
  }

  watching(sessionId: string): boolean {
    return this.#legs.has(sessionId);
  }

  stop(sessionId: string): void {
    this.#legs.delete(sessionId);
  }
}

/** Whether the payment a callback describes is the one this session asked Twilio to start. */
export function sameStart(s: PaymentSession, p: Params): boolean {
  if (p.PaymentMethod !== undefined && p.PaymentMethod !== s.method) return false;
  const amount = p.ChargeAmount?.trim() ? parseAmount(p.ChargeAmount, s.currency) : undefined;
  const minor = amount?.ok ? amount.minor : undefined;
  if (s.charge) return minor !== undefined && minor === s.amountMinor;
  return minor === undefined || minor === 0;
}
