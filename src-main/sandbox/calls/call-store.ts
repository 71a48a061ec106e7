import { EventEmitter } from 'node:events';
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import { newSid } from '../ids';

export type CallStatus =
  'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';
export type CallDirection = 'inbound' | 'outbound-api' | 'outbound-dial';

/** One call leg as the sandbox's Twilio knows it. */
export interface CallRecord {
  sid: string;
  accountSid: string;
  from: string;
  to: string;
  status: CallStatus;
  direction: CallDirection;
  parentCallSid?: string;
  dateCreated: Date;
  dateUpdated: Date;
  startTime?: Date;
  endTime?: Date;
  /** Seconds between start and end, once ended. */
  duration?: number;
  /** The TwiML document this leg last fetched: relative URLs given for the call resolve against it. */
  documentUrl?: string;
}

export interface NewCall {
  from: string;
  to: string;
  direction: CallDirection;
  parentCallSid?: string;
  status?: CallStatus;
}

/** A keypress from the customer's phone: `0-9`, `#` or `*`. */
export type Digit = string;
const ENDED: ReadonlySet<CallStatus> = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

/** True once a call can no longer change (completed, busy, no-answer, failed, canceled). */
export function isEnded(status: CallStatus): boolean {
  return ENDED.has(status);
}

/** The sandbox's calls, shared by REST, the control API, payments and the Voice signaling; emits `status`. */
export class CallStore {
  private readonly calls = new Map<string, CallRecord>();
  private readonly events = new EventEmitter();
  private readonly keypads = new Map<string, Promise<void>>();

  constructor(
    readonly accountSid: string,
    private readonly clock: Clock = systemClock(),
  ) {
    this.events.setMaxListeners(0);
  }

  /** Adds a call leg; an in-progress call gets its start time now. */
  create(input: NewCall): CallRecord {
    const now = this.clock.now();
    const status = input.status ?? 'queued';
    const call: CallRecord = {
      sid: newSid('CA'),
      accountSid: this.accountSid,
      from: input.from,
      to: input.to,
      status,
      direction: input.direction,
      dateCreated: now,
      dateUpdated: now,
      ...(input.parentCallSid ? { parentCallSid: input.parentCallSid } : {}),
      ...(status === 'in-progress' ? { startTime: now } : {}),
    };
    this.calls.set(call.sid, call);
    this.events.emit('status', call);
    return call;
  }

  get(sid: string): CallRecord | undefined {
    return this.calls.get(sid);
  }

  /** Calls newest first, optionally only the children of one call and/or those in one status. */
  list(filter: { parentCallSid?: string; status?: CallStatus } = {}): CallRecord[] {
    return [...this.calls.values()]
      .filter((c) => !filter.parentCallSid || c.parentCallSid === filter.parentCallSid)
      .filter((c) => !filter.status || c.status === filter.status)
      .reverse();
  }

  /** Moves a call to a new status; ending a call ends its live child legs too, as Twilio's `<Dial>` does. */
  setStatus(sid: string, status: CallStatus): CallRecord {
    const call = this.calls.get(sid);
    if (!call) throw new Error(`No call ${sid} in the sandbox.`);
    if (call.status === status || isEnded(call.status)) return call;
    const now = this.clock.now();
    call.status = status;
    call.dateUpdated = now;
    if (status === 'in-progress') call.startTime = now;
    if (isEnded(status)) {
      call.endTime = now;
      call.duration = call.startTime ? Math.round((now.getTime() - call.startTime.getTime()) / 1000) : 0;
    }
    this.events.emit('status', call);
    if (isEnded(status)) {
      for (const child of this.list({ parentCallSid: sid })) {
        if (!isEnded(child.status))
          this.setStatus(child.sid, child.status === 'in-progress' ? 'completed' : 'canceled');
      }
    }
    return call;
  }

  /** Subscribes to every status change (including creation); returns an unsubscribe function. */
  on(event: 'status', listener: (call: CallRecord) => void): () => void {
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }

  /**
   * The customer presses keys in order: `0-9`, `#`, `*`; `w` waits half a second.
   * Presses on one call queue behind earlier ones; keys after the call ends are dropped.
   */
  pressDigits(sid: string, digits: string): Promise<void> {
    if (!/^[0-9#*w]*$/.test(digits)) {
      return Promise.reject(new Error('Digits may only contain 0-9, #, * and w (wait half a second).'));
    }
    if (!this.calls.has(sid)) return Promise.reject(new Error(`No call ${sid} in the sandbox.`));
    const previous = this.keypads.get(sid) ?? Promise.resolve();
    const next = previous.then(async () => {
      for (const key of digits) {
        if (key === 'w') await this.clock.sleep(500);
        else if (this.calls.get(sid)?.status === 'in-progress') this.events.emit(`digit:${sid}`, key);
      }
    });
    this.keypads.set(sid, next);
    return next;
  }

  /** Subscribes to one call's keypresses; returns an unsubscribe function. */
  onDigit(sid: string, listener: (digit: Digit) => void): () => void {
    this.events.on(`digit:${sid}`, listener);
    return () => this.events.off(`digit:${sid}`, listener);
  }
}
