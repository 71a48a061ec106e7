// What outsiders may use of this folder: import it from here, not from its files.
export { type Caller, actingIdentity } from './caller';
export { type TeamHost, seesEvent, teamHost } from './team-carrier';
