export { entryFromSession, historyHandlers, maskedEntry, type HistoryDeps } from './handlers';
export type { HistoryBook } from './history-book';
export type { HistoryRow } from './fold';
export { historyFromAudit, readAuditHistory } from './audit-history';
export { HistoryIndex, type HistoryPage } from './history-index';
export type { HistoryPageRequest } from './history-select';
