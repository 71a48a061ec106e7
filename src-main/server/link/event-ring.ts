import { randomUUID } from 'node:crypto';
import type { EventName } from '@shared/api/names';
import type { ApiHost } from '../../core/api/host';

/** One event as the link sends it: the AppApi event with this instance's sequence number. */
export interface SequencedEvent {
  seq: number;
  name: EventName;
  payload: unknown;
}

/** What a reconnecting client is owed: the events after its number, or "read state afresh". */
export type Resume = { resumed: true; events: SequencedEvent[] } | { resumed: false; events: [] };

/**
 * Numbers every event the host emits and keeps the last `capacity` of them, so a client that
 * dropped off resumes from its last number. Numbers belong to this instance's run (`epoch`): a
 * client coming from another instance or an earlier run, or from further back than the ring
 * holds, is told to read state afresh instead.
 */
export class EventRing {
  readonly epoch = randomUUID();
  readonly #ring: SequencedEvent[] = [];
  readonly #listeners = new Set<(event: SequencedEvent) => void>();
  readonly #unsubscribe: () => void;
  #seq = 0;

  constructor(
    host: Pick<ApiHost, 'subscribe'>,
    readonly capacity = 2000,
  ) {
    this.#unsubscribe = host.subscribe((name, payload) => {
      const event = { seq: ++this.#seq, name, payload };
      this.#ring.push(event);
      if (this.#ring.length > this.capacity) this.#ring.shift();
      for (const listener of this.#listeners) listener(event);
    });
  }

  /** The last number given out. */
  get seq(): number {
    return this.#seq;
  }

  /**
   * Starts `listener` on every event from now on and returns what came after `after` in `epoch`,
   * in one step, so nothing falls between the replay and the live events.
   */
  follow(
    listener: (event: SequencedEvent) => void,
    after?: { epoch: string; seq: number },
  ): Resume & { stop: () => void } {
    this.#listeners.add(listener);
    const stop = () => void this.#listeners.delete(listener);
    return { ...this.#since(after), stop };
  }

  #since(after: { epoch: string; seq: number } | undefined): Resume {
    if (!after || after.epoch !== this.epoch || after.seq > this.#seq) return { resumed: false, events: [] };
    const oldest = this.#ring[0]?.seq ?? this.#seq + 1;
    // The client's next event (after.seq + 1) must still be in the ring, or it missed some.
    if (after.seq + 1 < oldest) return { resumed: false, events: [] };
    return { resumed: true, events: this.#ring.filter((event) => event.seq > after.seq) };
  }

  close(): void {
    this.#unsubscribe();
    this.#listeners.clear();
  }
}
