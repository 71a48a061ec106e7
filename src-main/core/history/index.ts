export { entryFromSession, historyHandlers, type HistorySource } from './handlers';
export { historyFromAudit, readAuditHistory } from './audit-history';
