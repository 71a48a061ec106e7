import type { Handlers } from '../api/host';
import type { AuditLog } from './audit-log';

/** `audit.verify`: walks the hash chain and says whether the log is whole. */
export function auditHandlers(audit: AuditLog): Pick<Handlers, 'audit.verify'> {
  return { 'audit.verify': () => audit.verify() };
}
