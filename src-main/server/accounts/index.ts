// What outsiders may use of this folder: import it from here, not from its files.
export { COMMAND_ROLES, holds, refusalFor, seesTeam } from './permissions';
export { PersonName, Role } from './roles';
export { type AccountsOptions, TeamAccounts, type TeamUser } from './team-accounts';
