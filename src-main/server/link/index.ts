export { CommandLedger, type LedgerOptions } from './command-ledger';
export {
  appendTeamEvent,
  numberedEventSql,
  TEAM_EVENT_NAMES,
  TeamEventLog,
  type Following,
  type Resume,
  type SequencedEvent,
  type TeamEventLogOptions,
  type TeamEventRow,
  type EventPlaceholders,
} from './team-events';
