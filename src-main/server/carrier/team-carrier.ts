import { isCommandName, type EventName, type EventPayload } from '@shared/api';
import type { Envelope } from '@shared/api';
import type { PaymentsList } from '@shared/api';
import type { TeamLinkStatus } from '@shared/api';
import type { ApiHost, EventListener } from '../../core/api';
import { COMMAND_ROLES, holds, refusalFor, seesTeam } from '../accounts';
import type { CallClaims } from '../state';
import { runAs, type Caller } from './caller';

export interface TeamCarrierDeps {
  host: ApiHost;
  claims: Pick<CallClaims, 'claim'>;
  /** Whose payment a session is, from the database (any instance may have started it). */
  agentOf(sessionId: string): Promise<string | undefined>;
}

/** The AppApi a carrier hands one signed-in device: the core's, behind what that person may do. */
export type TeamHost = Pick<ApiHost, 'dispatch' | 'subscribe'>;

const refused = (code: string, message: string): Envelope => ({ ok: false, error: { code, message } });
const field = (args: unknown, name: string): string | undefined => {
  const value = (args as Record<string, unknown> | null | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
};

/** Whether `caller` may see an event: an agent sees only their own payments' sessions. */
export function seesEvent(caller: Caller, name: EventName, payload: unknown): boolean {
  if (name !== 'payments.session' || seesTeam(caller.role)) return true;
  return (payload as EventPayload<'payments.session'>).agent === caller.identity;
}

/**
 * Role and ownership enforced before the core's handler runs: a command above the person's role is
 * refused with a sentence; an agent acts only on their own calls and payments and sees only those.
 */
export function teamHost(caller: Caller, deps: TeamCarrierDeps): TeamHost {
  const mine = (agent: string | undefined) => seesTeam(caller.role) || agent === caller.identity;

  const guarded = async (name: unknown, args: unknown): Promise<Envelope> => {
    if (!isCommandName(name)) return deps.host.dispatch(name, args);
    if (!holds(caller.role, COMMAND_ROLES[name])) return refused('forbidden', refusalFor(name, caller.role));

    if (name === 'payments.request' || name === 'payments.complete' || name === 'payments.cancel') {
      const sessionId = field(args, 'sessionId');
      const owner = sessionId === undefined ? undefined : await deps.agentOf(sessionId);
      if (owner !== undefined && owner !== caller.identity)
        return refused(
          'not_your_payment',
          'This payment is another agent’s: only the agent who started it can act on it.',
        );
    }
    if (name === 'payments.start') {
      const callSid = field(args, 'callSid');
      if (callSid !== undefined && (await deps.claims.claim(callSid, caller.identity)) !== caller.identity)
        return refused(
          'not_your_call',
          'This call is another agent’s: take payments only on your own calls.',
        );
    }
    // An agent's history is their own: whatever else they filter by, the core filters by them too.
    if (name === 'history.list' && !seesTeam(caller.role) && typeof args === 'object' && args !== null)
      return deps.host.dispatch(name, { ...args, agent: caller.identity });

    const envelope = await deps.host.dispatch(name, args);
    if (!envelope.ok) return envelope;
    if (name === 'payments.get' && !seesTeam(caller.role)) {
      const sessions = (envelope.value as PaymentsList).sessions.filter((s) => mine(s.agent));
      return { ok: true, value: { sessions } };
    }
    // The server's own console hosts no team link, but is signed in: who, and so which tabs it shows.
    if (name === 'team.status') {
      const user = { name: caller.name, role: caller.role };
      return { ok: true, value: { ...(envelope.value as TeamLinkStatus), user } };
    }
    // The calls this person answers or places are theirs to take payments on.
    if (name === 'phone.customerLeg')
      await deps.claims.claim((envelope.value as { callSid: string }).callSid, caller.identity);
    if (name === 'sandbox.callIn')
      await deps.claims.claim((envelope.value as { sid: string }).sid, caller.identity);
    return envelope;
  };

  return {
    dispatch: (name, args) => runAs(caller, () => guarded(name, args)),
    subscribe: (listener: EventListener) =>
      deps.host.subscribe(<K extends EventName>(name: K, payload: EventPayload<K>) => {
        if (seesEvent(caller, name, payload)) listener(name, payload);
      }),
  };
}
