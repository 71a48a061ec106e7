import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { FaultInjector } from '../faults';

type Log = (event: string, fields?: Record<string, string | number | boolean>) => void;
type Post = (
  url: string,
  params: Record<string, string>,
  headers: Record<string, string>,
) => Promise<{ status: number }>;
interface Delivery {
  url: string;
  params: Record<string, string>;
  /** Twilio's I-Twilio-Idempotency-Token: one per event, so a duplicate delivery carries the same one. */
  token: string;
}

interface Queue {
  tail: Promise<void>;
  held?: Delivery & { copies: number; release: () => void };
}

/**
 * Delivers each payment session's StatusCallbacks in order through its own queue, applying the callback
 * faults (drop, duplicate, reorder by holding one back, delay). Failed deliveries are logged, not retried.
 */
export class CallbackDispatcher {
  private readonly queues = new Map<string, Queue>();
  private closed = false;

  constructor(
    private readonly post: Post,
    private readonly faults: FaultInjector,
    private readonly clock: Clock,
    private readonly log: Log,
  ) {}

  /** Queues one callback for a session (keyed by payment Sid); `callSid` selects per-call faults. */
  send(sessionSid: string, callSid: string, url: string, params: Record<string, string>): void {
    if (this.closed) return;
    const queue = this.queues.get(sessionSid) ?? { tail: Promise.resolve() };
    this.queues.set(sessionSid, queue);
    const faults = this.faults.callbackFaults(callSid);
    const random = this.faults.random;
    if (faults.drop && random() < faults.drop) {
      this.log('callback.dropped', { paymentSid: sessionSid });
      return;
    }
    const copies = faults.duplicate && random() < faults.duplicate ? 2 : 1;
    const delivery: Delivery = { url, params, token: randomUUID() };
    const held = queue.held;
    // Roll even when one is already held, so the seed alone decides which callbacks are held back.
    const roll = faults.reorder ? random() : 1;
    if (!held && roll < 0.5) {
      // Hold this one back until the next callback has gone (or a second passes), so they arrive swapped.
      const release = this.clock.after(1000, () => this.releaseHeld(sessionSid, queue));
      queue.held = { ...delivery, copies, release };
      return;
    }
    for (let i = 0; i < copies; i++) this.enqueue(queue, sessionSid, delivery, faults.delayMs);
    if (held) this.releaseHeld(sessionSid, queue);
  }

  private releaseHeld(sessionSid: string, queue: Queue): void {
    const held = queue.held;
    if (!held) return;
    queue.held = undefined;
    held.release();
    for (let i = 0; i < held.copies; i++) this.enqueue(queue, sessionSid, held, undefined);
  }

  private enqueue(queue: Queue, sessionSid: string, delivery: Delivery, delay?: [number, number]) {
    const wait = delay ? delay[0] + Math.floor(this.faults.random() * (delay[1] - delay[0] + 1)) : 0;
    queue.tail = queue.tail.then(async () => {
      if (wait > 0) await this.clock.sleep(wait);
      if (this.closed) return;
      try {
        const headers = { 'i-twilio-idempotency-token': delivery.token };
        const { status } = await this.post(delivery.url, delivery.params, headers);
        this.log('callback.sent', { paymentSid: sessionSid, status });
      } catch (error) {
        this.log('callback.failed', {
          paymentSid: sessionSid,
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
    });
  }

  /** Releases any held-back callback, then resolves when every queued callback has been attempted. */
  async idle(): Promise<void> {
    for (const [sid, queue] of this.queues) this.releaseHeld(sid, queue);
    await Promise.all([...this.queues.values()].map((q) => q.tail));
  }

  close(): void {
    this.closed = true;
    for (const queue of this.queues.values()) queue.held?.release();
  }
}
