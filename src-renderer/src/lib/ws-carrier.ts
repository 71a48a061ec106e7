import type { RawCarrier } from '@shared/api';
import type { Envelope } from '@shared/api';
import { ServerFrame } from '@shared/api';

/** Where the carrier's link to main stands; `ended`: browser mode restarted, this tab's token no longer opens it. */
export type Connection = 'connecting' | 'connected' | 'reconnecting' | 'ended';

const lostEnvelope: Envelope = {
  ok: false,
  error: { code: 'disconnected', message: 'Lost the connection to Callpay. Please try again.' },
};

/** Browser mode's carrier: invocations and events over one WebSocket, reconnecting with backoff. */
export class WebSocketCarrier implements RawCarrier {
  #socket: WebSocket | undefined;
  #nextId = 1;
  #pending = new Map<number, (envelope: Envelope) => void>();
  #listeners = new Map<string, Set<(payload: unknown) => void>>();
  #connectionListeners = new Set<(state: Connection) => void>();
  #state: Connection = 'connecting';
  #opened: Promise<void>;
  #delay = 250;

  constructor(private readonly url: string) {
    this.#opened = this.#open();
  }

  get connection(): Connection {
    return this.#state;
  }

  onConnection(listener: (state: Connection) => void) {
    this.#connectionListeners.add(listener);
    return () => void this.#connectionListeners.delete(listener);
  }

  async invoke(name: string, args: unknown): Promise<Envelope> {
    await this.#opened;
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return lostEnvelope;
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      socket.send(JSON.stringify({ type: 'invoke', id, name, args }));
    });
  }

  on(name: string, listener: (payload: unknown) => void) {
    const set = this.#listeners.get(name) ?? new Set();
    set.add(listener);
    this.#listeners.set(name, set);
    return () => void set.delete(listener);
  }

  #setState(state: Connection) {
    this.#state = state;
    for (const listener of this.#connectionListeners) listener(state);
  }

  #open(): Promise<void> {
    return new Promise((resolve) => {
      const socket = new WebSocket(this.url);
      let opened = false;
      this.#socket = socket;
      socket.addEventListener('open', () => {
        opened = true;
        this.#delay = 250;
        this.#setState('connected');
        resolve();
      });
      socket.addEventListener('message', (message) => this.#receive(message.data));
      socket.addEventListener('close', () => {
        for (const settle of this.#pending.values()) settle(lostEnvelope);
        this.#pending.clear();
        if (this.#state !== 'reconnecting') this.#setState('reconnecting');
        resolve();
        void this.#retryUnlessEnded(opened);
      });
    });
  }

  // A refused socket from a server that answers: it was restarted, and this tab's per-run token is stale.
  async #retryUnlessEnded(opened: boolean) {
    if (!opened && (await this.#serverAnswers())) return this.#setState('ended');
    const delay = this.#delay;
    this.#delay = Math.min(this.#delay * 2, 5000);
    setTimeout(() => (this.#opened = this.#open()), delay);
  }

  async #serverAnswers(): Promise<boolean> {
    const page = new URL(this.url);
    page.protocol = page.protocol === 'wss:' ? 'https:' : 'http:';
    try {
      return (await fetch(new URL('/', page), { method: 'HEAD', cache: 'no-store' })).ok;
    } catch {
      return false;
    }
  }

  #receive(data: unknown) {
    let parsed: ServerFrame;
    try {
      parsed = ServerFrame.parse(JSON.parse(String(data)));
    } catch {
      return;
    }
    if (parsed.type === 'result') {
      this.#pending.get(parsed.id)?.(parsed.envelope);
      this.#pending.delete(parsed.id);
    } else {
      for (const listener of this.#listeners.get(parsed.name) ?? []) listener(parsed.payload);
    }
  }
}
