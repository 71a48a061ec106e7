import type { Twilio } from 'twilio';
import { AppError } from '@shared/api';
import type { CustomerLeg, CustomerLegArgs } from '@shared/api';

const ENDED = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

/**
 * Knows which legs are the agent's and which the customer's. Outgoing calls from the Device are
 * parent = agent, child = customer; incoming are parent = customer, child = agent. Payments go on
 * the customer's leg, since only its DTMF reaches the Payments capture.
 */
export class CustomerLegs {
  readonly #childOf = new Map<string, string>();
  readonly #agentLegs = new Set<string>();

  /** Feeds a `<Number>`/`<Client>` status callback (the child leg's events). */
  legStatus(params: Record<string, string | undefined>): void {
    const { CallSid: sid, ParentCallSid: parent, To: to, From: from } = params;
    if (!sid) return;
    if (to?.startsWith('client:') || from?.startsWith('client:')) this.#agentLegs.add(sid);
    if (!parent) return;
    if (!to?.startsWith('client:')) this.#agentLegs.add(parent);
    if (ENDED.has(params.CallStatus ?? '')) {
      if (this.#childOf.get(parent) === sid) this.#childOf.delete(parent);
    } else if (!to?.startsWith('client:')) this.#childOf.set(parent, sid);
  }

  /** True for a leg that carries the agent's own audio (a Device leg). */
  isAgentLeg(callSid: string): boolean {
    return this.#agentLegs.has(callSid);
  }

  /** Finds the customer's leg of the Device's call; waits up to `waitMs` for the child leg to answer. */
  async resolve(args: CustomerLegArgs, client: Twilio | undefined, waitMs = 5000): Promise<CustomerLeg> {
    this.#agentLegs.add(args.callSid);
    if (args.direction === 'incoming') {
      if (!args.customerCallSid || args.customerCallSid === args.callSid)
        throw new AppError(
          'no_customer_leg',
          "This incoming call did not say which leg is the customer's; check the number's voice URL points at Callpay.",
        );
      return { callSid: args.customerCallSid, via: 'parameter' };
    }
    const deadline = Date.now() + waitMs;
    for (;;) {
      const known = this.#childOf.get(args.callSid);
      if (known) return { callSid: known, via: 'leg-status' };
      const listed = client ? await listedChild(client, args.callSid) : undefined;
      if (listed) {
        this.#childOf.set(args.callSid, listed);
        return { callSid: listed, via: 'calls-list' };
      }
      if (Date.now() > deadline)
        throw new AppError(
          'no_customer_leg',
          'The customer has not answered yet, so there is no leg to take a payment on. Try again once they answer.',
        );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function listedChild(client: Twilio, parentCallSid: string): Promise<string | undefined> {
  try {
    const calls = await client.calls.list({ parentCallSid, limit: 20 });
    return calls.find((c) => !ENDED.has(c.status))?.sid;
  } catch {
    return undefined;
  }
}
