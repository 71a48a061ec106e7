import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { Envelope } from '@shared/api';
import { LinkFrame } from '@shared/api';

/** The WebSocket close code the server cuts a revoked device off with (server/http/device-sockets.ts). */
const REVOKED_CLOSE_CODE = 4401;

export type LinkState = 'connecting' | 'connected' | 'reconnecting' | 'refused' | 'closed';

export interface LinkChange {
  state: LinkState;
  /** On `connected`: the events after the last one seen could not be replayed; read state afresh. */
  resync?: boolean;
  user?: { name: string; role: string };
  message?: string;
}

export interface TeamLinkOptions {
  /** The team server, http(s)://host[:port][/path]. */
  serverUrl: string;
  /** This device's credential. */
  token: string;
  onEvent(name: string, payload: unknown): void;
  onChange(change: LinkChange): void;
  /** Every frame as it arrived (diagnostics and tests). */
  onFrame?(text: string): void;
  /** Reconnect backoff, doubling from `initialMs` to `maxMs` (default 250 ms to 10 s). */
  backoff?: { initialMs: number; maxMs: number };
  /** How long a command waits for the link to come back before the agent is told (default 60 s). */
  commandTimeoutMs?: number;
  /** Ping interval; a socket with no pong by the next one is dropped and redialled (default 15 s). */
  heartbeatMs?: number;
}

interface Pending {
  frame: string;
  resolve(envelope: Envelope): void;
  timer: NodeJS.Timeout;
}

export const REVOKED_MESSAGE =
  'Your team’s admin revoked this device. Connect with a new invite, or disconnect to work on your own.';

const envelopeError = (code: string, message: string): Envelope => ({ ok: false, error: { code, message } });

/**
 * The desktop's one outbound WebSocket to its team server. It resumes from the last event number
 * after any drop, resends unanswered commands with their command ids (the server answers each
 * once), reconnects with backoff, and stops for good when the server refuses the device.
 */
export class TeamLink {
  readonly #options: TeamLinkOptions;
  readonly #pending = new Map<number, Pending>();
  #socket: WebSocket | undefined;
  #ready = false;
  #state: LinkState = 'connecting';
  #epoch: string | undefined;
  #lastSeq = 0;
  #nextId = 1;
  #delay: number;
  #retry: NodeJS.Timeout | undefined;
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(options: TeamLinkOptions) {
    this.#options = options;
    this.#delay = options.backoff?.initialMs ?? 250;
    this.#dial();
  }

  get state(): LinkState {
    return this.#state;
  }

  /** The last event number received (0 before any). */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** Sends one command; kept and resent across drops until answered or timed out. */
  invoke(name: string, args: unknown): Promise<Envelope> {
    if (this.#state === 'refused') return Promise.resolve(envelopeError('device_refused', REVOKED_MESSAGE));
    if (this.#state === 'closed')
      return Promise.resolve(envelopeError('disconnected', 'Callpay is not connected to a team server.'));
    const id = this.#nextId++;
    const frame = JSON.stringify({ type: 'invoke', id, name, args, commandId: randomUUID() });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        resolve(
          envelopeError(
            'disconnected',
            'Callpay cannot reach the team server. Check the payment on screen before trying again.',
          ),
        );
      }, this.#options.commandTimeoutMs ?? 60_000);
      this.#pending.set(id, { frame, resolve, timer });
      if (this.#ready) this.#socket?.send(frame);
    });
  }

  /** Ends the link for good (disconnect, quit). */
  close(): void {
    this.#setState({ state: 'closed' });
    this.#stop();
    this.#settleAll(envelopeError('disconnected', 'Callpay is not connected to a team server.'));
  }

  #dial() {
    const url = new URL(this.#options.serverUrl.replace(/^http/, 'ws').replace(/\/?$/, '/link'));
    if (this.#epoch) {
      url.searchParams.set('epoch', this.#epoch);
      url.searchParams.set('after', String(this.#lastSeq));
    }
    const socket = new WebSocket(url, {
      headers: { authorization: `Bearer ${this.#options.token}` },
      handshakeTimeout: 10_000,
      maxPayload: 1024 * 1024,
    });
    this.#socket = socket;
    let alive = true;
    socket.on('unexpected-response', (_request, response) => {
      response.resume();
      socket.terminate();
      if (response.statusCode === 401 || response.statusCode === 403) this.#refuse();
    });
    socket.on('error', () => {});
    socket.on('pong', () => (alive = true));
    socket.on('open', () => {
      clearInterval(this.#heartbeat);
      this.#heartbeat = setInterval(() => {
        if (!alive) return socket.terminate();
        alive = false;
        socket.ping();
      }, this.#options.heartbeatMs ?? 15_000);
    });
    socket.on('message', (data) => this.#receive(String(data)));
    socket.on('close', (code) => {
      if (this.#socket !== socket) return;
      this.#ready = false;
      clearInterval(this.#heartbeat);
      if (code === REVOKED_CLOSE_CODE) return this.#refuse();
      if (this.#state === 'refused' || this.#state === 'closed') return;
      if (this.#state !== 'connecting') this.#setState({ state: 'reconnecting' });
      this.#scheduleRedial();
    });
  }

  #scheduleRedial() {
    const maxMs = this.#options.backoff?.maxMs ?? 10_000;
    // Jittered, so two hundred desktops back from one outage do not all knock at once.
    const delay = this.#delay * (0.8 + Math.random() * 0.4);
    this.#delay = Math.min(this.#delay * 2, maxMs);
    clearTimeout(this.#retry);
    this.#retry = setTimeout(() => this.#dial(), delay);
  }

  #receive(text: string) {
    this.#options.onFrame?.(text);
    let frame: LinkFrame;
    try {
      frame = LinkFrame.parse(JSON.parse(text));
    } catch {
      return;
    }
    if (frame.type === 'hello') {
      const resync = !frame.resumed;
      this.#epoch = frame.epoch;
      if (resync) this.#lastSeq = frame.seq;
      this.#ready = true;
      this.#delay = this.#options.backoff?.initialMs ?? 250;
      this.#setState({ state: 'connected', resync, user: frame.user });
      // What was sent before the drop goes again with its command id: the server answers it once.
      for (const pending of this.#pending.values()) this.#socket?.send(pending.frame);
      return;
    }
    if (frame.type === 'result') {
      const pending = this.#pending.get(frame.id);
      if (!pending) return;
      clearTimeout(pending.timer);
      this.#pending.delete(frame.id);
      pending.resolve(frame.envelope);
      return;
    }
    if (frame.seq !== undefined) {
      if (frame.seq <= this.#lastSeq) return;
      this.#lastSeq = frame.seq;
    }
    this.#options.onEvent(frame.name, frame.payload);
  }

  #refuse() {
    if (this.#state === 'closed') return;
    this.#setState({ state: 'refused', message: REVOKED_MESSAGE });
    this.#stop();
    this.#settleAll(envelopeError('device_refused', REVOKED_MESSAGE));
  }

  #stop() {
    clearTimeout(this.#retry);
    clearInterval(this.#heartbeat);
    this.#ready = false;
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.terminate();
  }

  #settleAll(envelope: Envelope) {
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.resolve(envelope);
    }
    this.#pending.clear();
  }

  #setState(change: LinkChange) {
    if (change.state === this.#state && change.state !== 'connected') return;
    this.#state = change.state;
    this.#options.onChange(change);
  }
}
