export { AuditLog, verifyAuditFile, type AuditRecord } from './audit-log';
export type { AuditAction, AuditDetails, AuditEntry } from './entry';
export { auditHandlers } from './handlers';
