export { CommandLedger, type LedgerOptions } from './command-ledger';
export {
  appendTeamEvent,
  TEAM_EVENT_NAMES,
  TeamEventLog,
  type Following,
  type Resume,
  type SequencedEvent,
  type TeamEventLogOptions,
} from './team-events';
