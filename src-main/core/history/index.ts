export {
  entryFromSession,
  historyHandlers,
  maskedEntry,
  type HistoryDeps,
  type HistorySource,
} from './handlers';
export { historyFromAudit, readAuditHistory } from './audit-history';
