import type { CallRecord, CallStatus } from '../calls';
import { AgentMedia } from './agent-media';
import type { DeviceSession } from './device-session';
import type { ClientLeg } from './legs';
import type { VoiceHost } from './voice-host';

/** How a ring of a Device ended. */
export type RingOutcome = 'answered' | 'busy' | 'no-answer' | 'canceled' | 'failed';

/** What the ringer needs from the switchboard. */
export interface RingerDeps {
  host: VoiceHost;
  sessionsFor(identity: string): DeviceSession[];
  /** Takes over a Device leg once it has answered. */
  adopt(leg: ClientLeg): void;
  onEnd(sid: string, fn: () => void): () => void;
}

export interface RingInput {
  from: string;
  parentCallSid?: string;
  params?: Record<string, string>;
  timeoutMs?: number;
  /** Called once the child leg exists, before the Devices ring (status callbacks hook in here). */
  onCreated?: (call: CallRecord) => void;
}

interface Ringing {
  call: CallRecord;
  offers: Map<DeviceSession, AgentMedia>;
  settle: (outcome: RingOutcome) => void;
}

/** Incoming calls to Devices while they ring: one offer per registered Device, the first answer wins. */
export class Ringer {
  private readonly ringing = new Map<string, Ringing>();

  constructor(private readonly deps: RingerDeps) {}

  /**
   * Rings every Device registered as `identity` with an incoming call; the first to answer takes it.
   * Resolves when it is answered, rejected (busy), unanswered after `timeoutMs`, or the caller gave up.
   */
  async ring(identity: string, input: RingInput): Promise<{ call: CallRecord; outcome: RingOutcome }> {
    const calls = this.deps.host.calls;
    const call = calls.create({
      from: input.from,
      to: `client:${identity}`,
      direction: input.parentCallSid ? 'outbound-dial' : 'inbound',
      status: 'ringing',
      ...(input.parentCallSid ? { parentCallSid: input.parentCallSid } : {}),
    });
    input.onCreated?.(call);
    const sessions = this.deps.sessionsFor(identity);
    if (sessions.length === 0) {
      calls.setStatus(call.sid, 'no-answer');
      return { call, outcome: 'no-answer' };
    }
    const outcome = new Promise<RingOutcome>((settle) => {
      this.ringing.set(call.sid, { call, offers: new Map(), settle });
    });
    const ring = this.ringing.get(call.sid)!;
    const parameters = {
      CallSid: call.sid,
      AccountSid: call.accountSid,
      From: call.from,
      To: call.to,
      ApiVersion: '2010-04-01',
      Params: new URLSearchParams(input.params ?? {}).toString(),
    };
    await Promise.all(
      sessions.map(async (session) => {
        const { media, sdp } = await AgentMedia.offer();
        if (!this.ringing.has(call.sid)) return media.close();
        ring.offers.set(session, media);
        session.send('invite', { callsid: call.sid, sdp, parameters });
      }),
    );
    const stopTimer = this.deps.host.clock.after(input.timeoutMs ?? 30_000, () => {
      if (this.ringing.has(call.sid)) calls.setStatus(call.sid, 'no-answer');
    });
    const stopParent = input.parentCallSid
      ? this.deps.onEnd(input.parentCallSid, () => {
          if (this.ringing.has(call.sid)) calls.setStatus(call.sid, 'canceled');
        })
      : () => undefined;
    const result = await outcome;
    stopTimer();
    stopParent();
    return { call: calls.get(call.sid)!, outcome: result };
  }

  /** True while `session` is being offered the call. */
  isOffered(session: DeviceSession, callsid: string): boolean {
    return this.ringing.get(callsid)?.offers.has(session) ?? false;
  }

  /** The SDK accepted an incoming call: it gets the call, every other Device hears cancel. */
  async answered(session: DeviceSession, callsid: string, sdp: string): Promise<void> {
    const ring = this.ringing.get(callsid);
    const media = ring?.offers.get(session);
    if (!ring || !media) return session.send('hangup', { callsid });
    try {
      await media.accept(sdp);
    } catch (error) {
      this.decline(ring, session, media);
      throw error;
    }
    if (this.ringing.get(callsid) !== ring) return media.close(); // ended or taken while we applied the SDP
    this.ringing.delete(callsid);
    for (const [other, otherMedia] of ring.offers) {
      if (other !== session) {
        other.send('cancel', { callsid });
        otherMedia.close();
      }
    }
    this.deps.adopt({ sid: callsid, session, media });
    this.deps.host.calls.setStatus(callsid, 'in-progress');
    ring.settle('answered');
  }

  /** A Device rejected (or went away); once every ringing Device has, the caller hears busy. */
  rejected(session: DeviceSession, callsid: string): void {
    const ring = this.ringing.get(callsid);
    const media = ring?.offers.get(session);
    if (ring && media) this.decline(ring, session, media);
  }

  /** A Device's socket closed: it declines every call it was being offered. */
  dropSession(session: DeviceSession): void {
    for (const [callsid, ring] of this.ringing) if (ring.offers.has(session)) this.rejected(session, callsid);
  }

  /** The call ended while ringing (timeout, caller gave up, REST): cancel every offer. */
  ended(call: CallRecord): void {
    const ring = this.ringing.get(call.sid);
    if (!ring) return;
    this.ringing.delete(call.sid);
    for (const [session, media] of ring.offers) {
      session.send('cancel', { callsid: call.sid });
      media.close();
    }
    ring.settle(outcomeOf(call.status));
  }

  /** Stops every offer's media (the sandbox is closing). */
  close(): void {
    for (const ring of this.ringing.values()) for (const media of ring.offers.values()) media.close();
    this.ringing.clear();
  }

  private decline(ring: Ringing, session: DeviceSession, media: AgentMedia): void {
    media.close();
    ring.offers.delete(session);
    if (ring.offers.size === 0) this.deps.host.calls.setStatus(ring.call.sid, 'busy');
  }
}

function outcomeOf(status: CallStatus): RingOutcome {
  return status === 'busy' || status === 'no-answer' || status === 'failed' ? status : 'canceled';
}
