import type { Handlers } from '../api/host';
import type { AuditTrail } from './audit-trail';

/** `audit.verify`: walks the hash chain and says whether the log is whole. */
export function auditHandlers(audit: Pick<AuditTrail, 'verify'>): Pick<Handlers, 'audit.verify'> {
  return { 'audit.verify': () => audit.verify() };
}
