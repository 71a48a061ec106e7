export { AuditLog, type AuditLogOptions, type AuditRecord } from './audit-log';
export { auditKeyFile, auditKeyFromStore, rememberedKey, type AuditKeySource } from './audit-key';
export { describeVerification, readCompleteLines, verifyAuditFile } from './chain';
export type { AuditAction, AuditDetails, AuditEntry } from './entry';
export { isSealedCard } from './entry';
export { auditHandlers } from './handlers';
export { openAuditLog } from './open-audit-log';
export type { AuditTrail, OpenAuditTrail } from './audit-trail';
