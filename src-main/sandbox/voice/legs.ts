import type { AgentMedia } from './agent-media';
import { relay } from './audio';
import { SimulatedCustomer } from './customer';
import type { DeviceSession } from './device-session';

/** A call leg whose far end is a Voice SDK Device. */
export interface ClientLeg {
  sid: string;
  session: DeviceSession;
  media: AgentMedia;
  /** The temporary `TJS…` id the SDK used before it learnt the CallSid. */
  alias?: string;
  /** Where keys the agent sends by signaling (no in-band DTMF) go: the connected party's ear. */
  hearDigit?: (digit: string) => void;
  /** Our SDP answer to an outgoing call, held until the TwiML answers the call. */
  answerSdp?: string;
  /** Set when the SDK ended the call itself, so no hangup is echoed back. */
  endedByClient?: boolean;
}

/** Either end of a bridge. */
export type Party = ClientLeg | SimulatedCustomer;

/** True when the party is a Device leg rather than a simulated customer. */
export function isClientLeg(party: Party | undefined): party is ClientLeg {
  return party !== undefined && !(party instanceof SimulatedCustomer);
}

/** Connects two parties' audio (and the agent's keys to a customer's ear); returns the disconnect. */
export function bridge(a: Party, b: Party): () => void {
  if (a instanceof SimulatedCustomer && b instanceof SimulatedCustomer) return () => undefined;
  if (a instanceof SimulatedCustomer) return bridge(b, a);
  const agent = a as ClientLeg;
  if (b instanceof SimulatedCustomer) {
    const disconnect = b.connect(agent.media);
    agent.hearDigit = (d) => b.hearDigit(d);
    return () => {
      disconnect();
      agent.hearDigit = undefined;
    };
  }
  const other = b as ClientLeg;
  const toOther = relay();
  const toAgent = relay();
  agent.media.play(toAgent.source);
  other.media.play(toOther.source);
  const offs = [agent.media.onAudio(toOther.push), other.media.onAudio(toAgent.push)];
  return () => {
    offs.forEach((off) => off());
    agent.media.play(null);
    other.media.play(null);
  };
}
