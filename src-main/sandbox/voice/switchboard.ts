import type { CallRecord } from '../calls/call-store';
import { isEnded } from '../calls/call-store';
import type { SandboxContext } from '../index';
import { AgentMedia } from './agent-media';
import { runOutgoing } from './calls-in-out';
import { endedWithin, hasEnded } from './call-events';
import { DEFAULT_RING_MS, SimulatedCustomer } from './customer';
import { bridge, type ClientLeg, type Party } from './legs';
import type { DeviceSession } from './device-session';

export { isClientLeg, type ClientLeg, type Party } from './legs';

/** The parts of the sandbox the voice side works with. */
export type VoiceHost = Pick<
  SandboxContext,
  'calls' | 'clock' | 'credentials' | 'postSigned' | 'resources' | 'log'
>;

/** How a ring of a Device ended. */
export type RingOutcome = 'answered' | 'busy' | 'no-answer' | 'canceled' | 'failed';

interface Ringing {
  call: CallRecord;
  offers: Map<DeviceSession, AgentMedia>;
  settle: (outcome: RingOutcome) => void;
}

/**
 * Connects Voice SDK Devices, calls in the CallStore and simulated customers: it knows who is
 * registered, which Device and media belong to which CallSid, and ends media when a call ends
 * (from the SDK, from REST, or from the control API alike — the CallStore is the one truth).
 */
export class Switchboard {
  private readonly devices = new Map<string, Set<DeviceSession>>();
  private readonly legs = new Map<string, ClientLeg>();
  private readonly customers = new Map<string, SimulatedCustomer>();
  private readonly ringing = new Map<string, Ringing>();

  constructor(
    readonly host: VoiceHost,
    /** How long a simulated customer's phone rings before they answer. */
    readonly ringMs = DEFAULT_RING_MS,
  ) {
    host.calls.on('status', (call) => {
      if (isEnded(call.status)) this.ended(call);
    });
  }

  /** Identities with at least one registered Device. */
  registeredIdentities(): string[] {
    return [...this.devices.entries()].filter(([, set]) => set.size > 0).map(([identity]) => identity);
  }

  /** The simulated customer on a call leg, if that leg is a customer's (kept after the call ends). */
  customer(sid: string): SimulatedCustomer | undefined {
    return this.customers.get(sid);
  }

  /** The Device leg with this CallSid, if any. */
  leg(sid: string): ClientLeg | undefined {
    return this.legs.get(sid);
  }

  /** Adds a simulated customer on an existing call leg. */
  addCustomer(callSid: string): SimulatedCustomer {
    const customer = new SimulatedCustomer(callSid);
    this.customers.set(callSid, customer);
    return customer;
  }

  register(session: DeviceSession): void {
    const identity = session.identity!;
    const set = this.devices.get(identity) ?? new Set();
    set.add(session);
    this.devices.set(identity, set);
  }

  unregister(session: DeviceSession): void {
    for (const set of this.devices.values()) set.delete(session);
  }

  /** The socket closed: the Device is gone, and so are its calls. */
  disconnected(session: DeviceSession): void {
    this.unregister(session);
    for (const leg of this.legs.values()) {
      if (leg.session === session) this.endCall(leg.sid, true);
    }
    for (const ring of this.ringing.values()) {
      const media = ring.offers.get(session);
      if (media) this.declineOffer(ring, session, media);
    }
  }

  /** An outgoing call from the SDK: becomes an inbound Calls leg running the token's TwiML App. */
  async placeCall(
    session: DeviceSession,
    invite: { callsid: string; sdp: string; twilio?: { params?: string } },
  ): Promise<void> {
    const params = new URLSearchParams(invite.twilio?.params ?? '');
    const call = this.host.calls.create({
      from: `client:${session.identity}`,
      to: params.get('To') ?? '',
      direction: 'inbound',
      status: 'ringing',
    });
    let answer: { media: AgentMedia; sdp: string };
    try {
      answer = await AgentMedia.answer(invite.sdp);
    } catch {
      session.send('hangup', {
        callsid: invite.callsid,
        error: { code: 31003, message: 'Media negotiation failed.' },
      });
      this.host.calls.setStatus(call.sid, 'failed');
      return;
    }
    const leg: ClientLeg = {
      sid: call.sid,
      session,
      media: answer.media,
      alias: invite.callsid,
      answerSdp: answer.sdp,
    };
    this.legs.set(call.sid, leg);
    if (hasEnded(this.host.calls, call.sid)) return this.ended(this.host.calls.get(call.sid)!);
    session.send('ringing', { callsid: call.sid });
    await runOutgoing(this, leg, params);
  }

  /** Answers the SDK's outgoing call (the TwiML started): sends the SDP answer, the leg goes in-progress. */
  answerOutgoing(leg: ClientLeg): void {
    const sdp = leg.answerSdp;
    leg.answerSdp = undefined;
    if (!sdp || hasEnded(this.host.calls, leg.sid)) return;
    leg.session.send('answer', { callsid: leg.sid, sdp });
    this.host.calls.setStatus(leg.sid, 'in-progress');
  }

  /** Ends a call with an error the SDK will report (e.g. a TwiML App that cannot be run). */
  failCall(leg: ClientLeg, code: number, message: string): void {
    if (hasEnded(this.host.calls, leg.sid)) return;
    leg.endedByClient = true; // this hangup carries the error instead of a plain one
    leg.session.send('hangup', { callsid: leg.sid, error: { code, message } });
    this.host.calls.setStatus(leg.sid, 'failed');
  }

  /**
   * Rings every Device registered as `identity` with an incoming call; the first to answer takes it.
   * Resolves when it is answered, rejected (busy), unanswered after `timeoutMs`, or the caller gave up.
   */
  async ringClient(
    identity: string,
    input: {
      from: string;
      parentCallSid?: string;
      params?: Record<string, string>;
      timeoutMs?: number;
      /** Called once the child leg exists, before the Devices ring (status callbacks hook in here). */
      onCreated?: (call: CallRecord) => void;
    },
  ): Promise<{ call: CallRecord; outcome: RingOutcome }> {
    const calls = this.host.calls;
    const call = calls.create({
      from: input.from,
      to: `client:${identity}`,
      direction: input.parentCallSid ? 'outbound-dial' : 'inbound',
      status: 'ringing',
      ...(input.parentCallSid ? { parentCallSid: input.parentCallSid } : {}),
    });
    input.onCreated?.(call);
    const sessions = [...(this.devices.get(identity) ?? [])];
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
    const stopTimer = this.host.clock.after(input.timeoutMs ?? 30_000, () => {
      if (this.ringing.has(call.sid)) calls.setStatus(call.sid, 'no-answer');
    });
    const stopParent = input.parentCallSid
      ? this.onEnd(input.parentCallSid, () => {
          if (this.ringing.has(call.sid)) calls.setStatus(call.sid, 'canceled');
        })
      : () => undefined;
    const result = await outcome;
    stopTimer();
    stopParent();
    return { call: calls.get(call.sid)!, outcome: result };
  }

  /** The SDK accepted an incoming call. */
  async answered(session: DeviceSession, callsid: string, sdp: string): Promise<void> {
    const ring = this.ringing.get(callsid);
    const media = ring?.offers.get(session);
    if (!ring || !media) return session.send('hangup', { callsid });
    try {
      await media.accept(sdp);
    } catch (error) {
      this.declineOffer(ring, session, media);
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
    this.legs.set(callsid, { sid: callsid, session, media });
    this.host.calls.setStatus(callsid, 'in-progress');
    ring.settle('answered');
  }

  /** The SDK rejected an incoming call; once every ringing Device has, the caller hears busy. */
  rejected(session: DeviceSession, callsid: string): void {
    const ring = this.ringing.get(callsid);
    const media = ring?.offers.get(session);
    if (ring && media) this.declineOffer(ring, session, media);
  }

  private declineOffer(ring: Ringing, session: DeviceSession, media: AgentMedia): void {
    media.close();
    ring.offers.delete(session);
    if (ring.offers.size === 0) this.host.calls.setStatus(ring.call.sid, 'busy');
  }

  /** The SDK hung up (or gave up ringing out). */
  clientHungUp(session: DeviceSession, callsid: string): void {
    const leg = this.legs.get(callsid) ?? [...this.legs.values()].find((l) => l.alias === callsid);
    if (leg && leg.session === session) return this.endCall(leg.sid, true);
    if (this.ringing.get(callsid)?.offers.has(session)) this.rejected(session, callsid);
  }

  /** Keys the SDK sent by signaling (when in-band DTMF was not negotiated). */
  dtmf(session: DeviceSession, callsid: string, digits: string): void {
    const leg = this.legs.get(callsid);
    if (!leg || leg.session !== session) return;
    for (const digit of digits) if (/[0-9*#]/.test(digit)) leg.hearDigit?.(digit);
  }

  /** An ICE restart: answer the new offer on the same media. */
  async reinvited(session: DeviceSession, callsid: string, sdp: string): Promise<void> {
    const leg = this.legs.get(callsid);
    if (!leg || leg.session !== session)
      return session.sendError(31400, `No call ${callsid} to reinvite.`, callsid);
    session.send('answer', { callsid, sdp: await leg.media.reanswer(sdp) });
  }

  /** Stops every call's media (the sandbox is closing). */
  close(): void {
    for (const leg of this.legs.values()) leg.media.close();
    for (const ring of this.ringing.values()) for (const media of ring.offers.values()) media.close();
    this.legs.clear();
    this.ringing.clear();
  }

  /** Connects two parties' audio (and the agent's keys to a customer's ear); returns the disconnect. */
  bridge(a: Party, b: Party): () => void {
    return bridge(a, b);
  }

  /** Calls `fn` once the call ends; returns a function that stops watching. */
  onEnd(sid: string, fn: () => void): () => void {
    let active = true;
    void endedWithin(this.host.calls, this.host.clock, [sid]).then(() => active && fn());
    return () => {
      active = false;
    };
  }

  private endCall(sid: string, byClient: boolean): void {
    const leg = this.legs.get(sid);
    if (leg && byClient) leg.endedByClient = true;
    const call = this.host.calls.get(sid);
    if (!call || isEnded(call.status)) return;
    this.host.calls.setStatus(sid, call.status === 'in-progress' ? 'completed' : 'canceled');
  }

  private ended(call: CallRecord): void {
    const ring = this.ringing.get(call.sid);
    if (ring) {
      this.ringing.delete(call.sid);
      for (const [session, media] of ring.offers) {
        session.send('cancel', { callsid: call.sid });
        media.close();
      }
      ring.settle(call.status === 'canceled' ? 'canceled' : (call.status as RingOutcome));
    }
    const leg = this.legs.get(call.sid);
    if (leg) {
      this.legs.delete(call.sid);
      if (!leg.endedByClient) leg.session.send('hangup', { callsid: call.sid });
      leg.media.close();
    }
  }
}
