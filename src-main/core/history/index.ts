export { entryFromSession, historyHandlers, type HistoryPager } from './handlers';
export { historyFromAudit, readAuditHistory } from './audit-history';
export { HistoryIndex, type HistoryPage } from './history-index';
export type { HistoryPageRequest } from './history-view';
