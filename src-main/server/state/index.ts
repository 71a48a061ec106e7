// What outsiders may use of this folder: import it from here, not from its files.
export { CallClaims } from './call-claims';
export { PgAuditLog } from './pg-audit-log';
export { PgCallBook, followCalls } from './pg-call-book';
export { PgHistory } from './pg-history';
export { PgSessionStore } from './pg-session-store';
export { followSessions } from './session-follower';
export { openTeamAudit } from './team-audit';
