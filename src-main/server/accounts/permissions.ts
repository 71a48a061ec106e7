import type { CommandName } from '@shared/api';
import type { Role } from './roles';

const RANK: Record<Role, number> = { agent: 0, supervisor: 1, admin: 2 };

/**
 * The least role each command needs. Agents take payments on their own calls; supervisors also
 * see the team's live payments, history and audit; admins also manage settings, credentials and
 * the account's wiring. Every command is named, so a new one cannot slip through unlisted.
 */
export const COMMAND_ROLES: Record<CommandName, Role> = {
  'app.status': 'agent',
  'settings.get': 'agent',
  'settings.set': 'admin',
  'payments.start': 'agent',
  'payments.request': 'agent',
  'payments.complete': 'agent',
  'payments.cancel': 'agent',
  'payments.get': 'agent',
  'payments.retry': 'agent',
  'audit.verify': 'supervisor',
  'calls.list': 'agent',
  'history.list': 'agent',
  // Which secrets are saved, never their values: the Settings tab shows it to everyone.
  'settings.secrets': 'agent',
  'settings.setSecrets': 'admin',
  'sandbox.testCards': 'agent',
  'sandbox.callIn': 'agent',
  'sandbox.press': 'agent',
  'sandbox.keyTestCard': 'agent',
  'sandbox.hangup': 'agent',
  'sandbox.callStatus': 'agent',
  'phone.token': 'agent',
  'phone.customerLeg': 'agent',
  'phone.report': 'agent',
  'setup.account': 'admin',
  'setup.callerId': 'admin',
  'setup.readiness': 'agent',
  // A desktop's own link to a team server; the server itself answers that it hosts none.
  'team.status': 'agent',
  'team.connect': 'agent',
  'team.disconnect': 'agent',
  'recording.get': 'agent',
  'recording.pause': 'agent',
  'recording.stop': 'agent',
  // A saved card's token is a credential for the card: copied by those who see the team's history.
  'history.savedCard': 'supervisor',
  'receipts.draft': 'agent',
  'receipts.send': 'agent',
};

/** Whether someone with `role` holds at least `needed`. */
export const holds = (role: Role, needed: Role) => RANK[role] >= RANK[needed];

/** Whether `role` sees every agent's payments and history, not only its own. */
export const seesTeam = (role: Role) => holds(role, 'supervisor');

const WHO: Record<Role, string> = { agent: 'an agent', supervisor: 'a supervisor', admin: 'an admin' };

/** The sentence a refused command gets. */
export function refusalFor(name: CommandName, role: Role): string {
  const needed = COMMAND_ROLES[name];
  const what =
    needed === 'admin' ? 'Only an admin can change this' : 'Only a supervisor or an admin can see this';
  return `${what} ("${name}"); you are signed in as ${WHO[role]}. Ask an admin if you need it.`;
}
