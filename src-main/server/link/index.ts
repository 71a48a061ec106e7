export { CommandLedger, type LedgerOptions } from './command-ledger';
export { EventRing, type Resume, type SequencedEvent } from './event-ring';
