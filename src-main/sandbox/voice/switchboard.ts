import type { CallRecord } from '../calls';
import { isEnded } from '../calls';
import { AgentMedia } from './agent-media';
import { endedWithin, hasEnded } from './call-events';
import { DEFAULT_RING_MS, SimulatedCustomer } from './customer';
import { bridge, type ClientLeg, type Party } from './legs';
import { Ringer, type RingInput, type RingOutcome } from './ringer';
import type { DeviceBoard, DeviceSession, Invite } from './device-session';
import type { VoiceHost } from './voice-host';

export { isClientLeg, type ClientLeg, type Party } from './legs';
export type { RingOutcome } from './ringer';
export type { VoiceHost } from './voice-host';

/** Runs an SDK call's TwiML App once its leg is ringing (calls-in-out's runOutgoing, handed in by the voice side). */
export type OutgoingRunner = (board: Switchboard, leg: ClientLeg, params: URLSearchParams) => Promise<void>;

/**
 * Connects Voice SDK Devices, calls in the CallStore and simulated customers: it knows who is
 * registered, which Device and media belong to which CallSid, and ends media when a call ends
 * (from the SDK, from REST, or from the control API alike — the CallStore is the one truth).
 */
export class Switchboard implements DeviceBoard {
  private readonly devices = new Map<string, Set<DeviceSession>>();
  private readonly legs = new Map<string, ClientLeg>();
  private readonly customers = new Map<string, SimulatedCustomer>();
  private readonly ringer: Ringer;

  constructor(
    readonly host: VoiceHost,
    private readonly runOutgoing: OutgoingRunner,
    /** How long a simulated customer's phone rings before they answer. */
    readonly ringMs = DEFAULT_RING_MS,
  ) {
    this.ringer = new Ringer({
      host: this.host,
      sessionsFor: (identity) => [...(this.devices.get(identity) ?? [])],
      adopt: (leg) => void this.legs.set(leg.sid, leg),
      onEnd: (sid, fn) => this.onEnd(sid, fn),
    });
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
    this.ringer.dropSession(session);
  }

  /** An outgoing call from the SDK: becomes an inbound Calls leg running the token's TwiML App. */
  async placeCall(session: DeviceSession, invite: Invite): Promise<void> {
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
    await this.runOutgoing(this, leg, params);
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

  /** Rings every Device registered as `identity`; see `Ringer.ring`. */
  ringClient(identity: string, input: RingInput): Promise<{ call: CallRecord; outcome: RingOutcome }> {
    return this.ringer.ring(identity, input);
  }

  /** The SDK accepted an incoming call. */
  answered(session: DeviceSession, callsid: string, sdp: string): Promise<void> {
    return this.ringer.answered(session, callsid, sdp);
  }

  /** The SDK rejected an incoming call. */
  rejected(session: DeviceSession, callsid: string): void {
    this.ringer.rejected(session, callsid);
  }

  /** The SDK hung up (or gave up ringing out). */
  clientHungUp(session: DeviceSession, callsid: string): void {
    const leg = this.legs.get(callsid) ?? [...this.legs.values()].find((l) => l.alias === callsid);
    if (leg && leg.session === session) return this.endCall(leg.sid, true);
    if (this.ringer.isOffered(session, callsid)) this.ringer.rejected(session, callsid);
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
    this.ringer.close();
    this.legs.clear();
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
    this.ringer.ended(call);
    const leg = this.legs.get(call.sid);
    if (leg) {
      this.legs.delete(call.sid);
      if (!leg.endedByClient) leg.session.send('hangup', { callsid: call.sid });
      leg.media.close();
    }
  }
}
