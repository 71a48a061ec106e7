/**
 * Callbacks for a payment Sid we do not know yet: Twilio may post the first one before the create
 * response reaches us. Kept briefly, bounded, then dropped.
 */
export class CallbackBuffer {
  readonly #held = new Map<string, { at: number; params: Record<string, string>[] }>();

  constructor(
    private readonly maxSids = 50,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  hold(sid: string, params: Record<string, string>): void {
    this.#expire();
    const entry = this.#held.get(sid) ?? { at: this.now(), params: [] };
    if (entry.params.length < 100) entry.params.push(params);
    this.#held.set(sid, entry);
    while (this.#held.size > this.maxSids) this.#held.delete(this.#held.keys().next().value!);
  }

  /** Everything held for a Sid, in arrival order; forgets it. */
  take(sid: string): Record<string, string>[] {
    const entry = this.#held.get(sid);
    this.#held.delete(sid);
    return entry?.params ?? [];
  }

  /** The first held Sid whose first callback satisfies `match`, with that callback. */
  find(match: (params: Record<string, string>) => boolean) {
    this.#expire();
    for (const [sid, entry] of this.#held) {
      const first = entry.params[0];
      if (first && match(first)) return { sid, params: first };
    }
    return undefined;
  }

  #expire(): void {
    const cutoff = this.now() - this.ttlMs;
    for (const [sid, entry] of this.#held) if (entry.at < cutoff) this.#held.delete(sid);
  }
}
