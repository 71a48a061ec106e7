import type { AppLog } from '../log';
import type { Probe } from './heartbeat';
import type { OpenedTunnel, TunnelProvider, TunnelStatus } from './types';
import { sentence, tunnelOpenFailure } from './failure-words';

export interface TunnelManagerOptions {
  provider: TunnelProvider;
  localPort: number;
  probe: Probe;
  log: AppLog;
  heartbeatMs?: number;
  /** Consecutive failed heartbeats that count as a drop. */
  failLimit?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

/**
 * Keeps a public URL pointing at the receiver: opens the provider's tunnel, proves it with a
 * heartbeat through the public side, and reconnects with backoff when it drops. Nothing it does
 * throws or rejects out of it; problems become status.
 */
export class TunnelManager {
  readonly #o: Required<TunnelManagerOptions>;
  readonly #listeners = new Set<(status: TunnelStatus) => void>();
  readonly #recentUrls: string[] = [];
  #status: TunnelStatus;
  #tunnel: OpenedTunnel | undefined;
  #timer: NodeJS.Timeout | undefined;
  #attempt = 0;
  #misses = 0;
  #generation = 0;

  constructor(options: TunnelManagerOptions) {
    this.#o = { heartbeatMs: 20_000, failLimit: 2, backoffBaseMs: 1_000, backoffMaxMs: 60_000, ...options };
    this.#status = { state: 'off', provider: options.provider.name, detail: 'The tunnel is not started.' };
  }

  get status(): TunnelStatus {
    return { ...this.#status };
  }

  /** The public URL while the tunnel is proven up; undefined otherwise. */
  get publicUrl(): string | undefined {
    return this.#status.state === 'up' ? this.#status.publicUrl : undefined;
  }

  /** Current and recent public URLs: a callback may still be signed for the URL before a reconnect. */
  get knownUrls(): string[] {
    return [...this.#recentUrls];
  }

  onStatus(listener: (status: TunnelStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Opens the tunnel in the background; watch status for the outcome. */
  start(): void {
    if (this.#status.state !== 'off') return;
    this.#set({ state: 'connecting', provider: this.#o.provider.name, detail: 'Opening the tunnel…' });
    void this.#connect(++this.#generation);
  }

  stop(): void {
    this.#generation++;
    clearTimeout(this.#timer);
    this.#closeTunnel();
    this.#set({ state: 'off', provider: this.#o.provider.name, detail: 'The tunnel is stopped.' });
  }

  async #connect(generation: number): Promise<void> {
    let tunnel: OpenedTunnel;
    try {
      tunnel = await this.#o.provider.open(this.#o.localPort);
    } catch (error) {
      return this.#retry(generation, tunnelOpenFailure(error));
    }
    if (generation !== this.#generation) return tunnel.close();
    this.#tunnel = tunnel;
    tunnel.onFailure((reason) => {
      if (generation === this.#generation) this.#dropped(generation, `The tunnel failed: ${reason}`);
    });
    if (!(await this.#o.probe(tunnel.url))) {
      if (generation !== this.#generation) return;
      this.#closeTunnel();
      return this.#retry(generation, `The public URL ${tunnel.url} does not reach Callpay.`);
    }
    if (generation !== this.#generation) return;
    this.#attempt = 0;
    this.#misses = 0;
    this.#remember(tunnel.url);
    this.#set({
      state: 'up',
      provider: this.#o.provider.name,
      publicUrl: tunnel.url,
      detail: `Twilio reaches Callpay at ${tunnel.url}.`,
    });
    this.#schedule(generation, this.#o.heartbeatMs, () => this.#beat(generation));
  }

  async #beat(generation: number): Promise<void> {
    const url = this.#tunnel?.url;
    const ok = url !== undefined && (await this.#o.probe(url));
    if (generation !== this.#generation) return;
    if (ok) {
      this.#misses = 0;
    } else if (++this.#misses >= this.#o.failLimit) {
      return this.#dropped(generation, 'The tunnel stopped answering the heartbeat.');
    }
    this.#schedule(generation, this.#o.heartbeatMs, () => this.#beat(generation));
  }

  #dropped(generation: number, reason: string): void {
    if (generation !== this.#generation) return;
    this.#o.log.warn('tunnel.dropped', { provider: this.#o.provider.name, reason });
    this.#closeTunnel();
    // A new generation makes the old tunnel's late failure reports and timers inert.
    this.#retry(++this.#generation, reason);
  }

  #retry(generation: number, reason: string): void {
    if (generation !== this.#generation) return;
    this.#attempt++;
    const exp = Math.min(this.#o.backoffMaxMs, this.#o.backoffBaseMs * 2 ** (this.#attempt - 1));
    const delayMs = Math.round(exp / 2 + (Math.random() * exp) / 2);
    this.#o.log.info('tunnel.retry', { attempt: this.#attempt, delayMs, reason });
    this.#set({
      state: 'reconnecting',
      provider: this.#o.provider.name,
      detail: `${sentence(reason)} Trying again (attempt ${this.#attempt + 1})…`,
    });
    this.#schedule(generation, delayMs, () => this.#connect(generation));
  }

  #schedule(generation: number, ms: number, run: () => Promise<void>): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      if (generation === this.#generation) run().catch(() => undefined);
    }, ms);
    this.#timer.unref?.();
  }

  #closeTunnel(): void {
    try {
      this.#tunnel?.close();
    } catch {
      // A provider that fails to close is already gone for our purposes.
    }
    this.#tunnel = undefined;
  }

  #remember(url: string): void {
    this.#recentUrls.splice(
      0,
      this.#recentUrls.length,
      url,
      ...this.#recentUrls.filter((u) => u !== url).slice(0, 2),
    );
  }

  #set(status: TunnelStatus): void {
    const changed = status.state !== this.#status.state || status.publicUrl !== this.#status.publicUrl;
    this.#status = status;
    if (changed) this.#o.log.info('tunnel.status', { state: status.state, url: status.publicUrl });
    for (const listener of this.#listeners) {
      try {
        listener(this.status);
      } catch {
        // A listener's bug must not stop the tunnel from reconnecting.
      }
    }
  }
}
