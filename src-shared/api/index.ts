// What outsiders may use of this folder: import it from here, not from its files.
export { type AuditVerification } from './audit';
export { type CallSummary, ENDED_CALL_STATUSES } from './calls';
export {
  type AppApi,
  type CommandArgs,
  type CommandName,
  type CommandResult,
  type Commands,
  type EventName,
  type EventPayload,
  type RawCarrier,
  commands,
  events,
  isCommandName,
} from './contract';
export { AppError, type Envelope, describeIssues, errorMessage } from './errors';
export { type HistoryArgs, type HistoryEntry, type HistoryOutcome, type SavedCard } from './history';
export { COMMAND_NAMES, commandChannel, eventChannel, isEventName } from './names';
export { type PaymentsList } from './payments';
export { type CustomerLeg, type CustomerLegArgs, type PhoneReport, PhoneToken } from './phone';
export {
  type Receipt,
  type ReceiptDraft,
  type ReceiptSettings,
  ReceiptStatus,
  receiptTemplate,
} from './receipts';
export { RECORDING_MESSAGES, type RecordingState, type RecordingStatus } from './recording';
export { type TestCardInfo } from './sandbox';
export { SecretsPatch, type SecretsStatus } from './secrets';
export { Settings, type SettingsPatch, TwilioSettings, defaultSettings } from './settings';
export { type Readiness, type ReadinessItem, type SetupResult } from './setup';
export { type AppStatus, type Health, type Mode, type Notice } from './status';
export { TeamConnectArgs, type TeamLinkState, type TeamLinkStatus } from './team';
export { ClientFrame, LinkFrame, ServerFrame } from './wire';
