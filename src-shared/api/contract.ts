import { z } from 'zod';
import type { Envelope } from './errors';
import type { CommandName, EventName } from './names';
import { AppStatus } from './status';
import { Settings, SettingsPatch } from './settings';
import { AuditVerification } from './audit';
import { CallsChanged, CallsList } from './calls';
import { HistoryArgs, HistoryList, SavedCard } from './history';
import { Receipt, ReceiptDraft, ReceiptRef, SendReceiptArgs } from './receipts';
import {
  CallInArgs,
  CustomerCall,
  CustomerCallStatus,
  CustomerRef,
  KeyTestCardArgs,
  Pressed,
  PressArgs,
  TestCardList,
} from './sandbox';
import { RecordingRef, RecordingStatus } from './recording';
import { SecretsPatch, SecretsStatus } from './secrets';
import { CustomerLeg, CustomerLegArgs, DialRequest, PhoneReport, PhoneToken } from './phone';
import { CallerIdArgs, Readiness, SetupArgs, SetupResult } from './setup';
import { TeamConnectArgs, TeamLinkStatus } from './team';
import {
  GetPaymentsArgs,
  PaymentSession,
  PaymentsList,
  RequestFieldArgs,
  SessionRef,
  StartPaymentArgs,
} from './payments';

export { COMMAND_NAMES, EVENT_NAMES, isCommandName, isEventName } from './names';
export type { CommandName, EventName } from './names';

const NoArgs = z.object({}).strict();

type CommandSpec = { args: z.ZodType; result: z.ZodType };

/** Every command the renderer may send to main: its argument and result schemas. */
export const commands = {
  'app.status': { args: NoArgs, result: AppStatus },
  'settings.get': { args: NoArgs, result: Settings },
  'settings.set': { args: SettingsPatch, result: Settings },
  'payments.start': { args: StartPaymentArgs, result: PaymentSession },
  'payments.request': { args: RequestFieldArgs, result: PaymentSession },
  'payments.complete': { args: SessionRef, result: PaymentSession },
  'payments.cancel': { args: SessionRef, result: PaymentSession },
  /** "Try another card": a new session like a failed one, on the same call. */
  'payments.retry': { args: SessionRef, result: PaymentSession },
  'payments.get': { args: GetPaymentsArgs, result: PaymentsList },
  'audit.verify': { args: NoArgs, result: AuditVerification },
  'calls.list': { args: NoArgs, result: CallsList },
  'history.list': { args: HistoryArgs, result: HistoryList },
  'settings.secrets': { args: NoArgs, result: SecretsStatus },
  'settings.setSecrets': { args: SecretsPatch, result: SecretsStatus },
  'sandbox.testCards': { args: NoArgs, result: TestCardList },
  'sandbox.callIn': { args: CallInArgs, result: CustomerCall },
  'sandbox.press': { args: PressArgs, result: Pressed },
  'sandbox.keyTestCard': { args: KeyTestCardArgs, result: Pressed },
  'sandbox.hangup': { args: CustomerRef, result: CustomerRef },
  'sandbox.callStatus': { args: CustomerRef, result: CustomerCallStatus },
  'phone.token': { args: NoArgs, result: PhoneToken },
  'phone.customerLeg': { args: CustomerLegArgs, result: CustomerLeg },
  'phone.report': { args: PhoneReport, result: NoArgs },
  'setup.account': { args: SetupArgs, result: SetupResult },
  'setup.callerId': { args: CallerIdArgs, result: CallerIdArgs },
  'setup.readiness': { args: NoArgs, result: Readiness },
  'team.status': { args: NoArgs, result: TeamLinkStatus },
  'team.connect': { args: TeamConnectArgs, result: TeamLinkStatus },
  'team.disconnect': { args: NoArgs, result: TeamLinkStatus },
  'recording.get': { args: RecordingRef, result: RecordingStatus },
  'recording.pause': { args: RecordingRef, result: RecordingStatus },
  'recording.stop': { args: RecordingRef, result: RecordingStatus },
  'history.savedCard': { args: ReceiptRef, result: SavedCard },
  'receipts.draft': { args: ReceiptRef, result: ReceiptDraft },
  'receipts.send': { args: SendReceiptArgs, result: Receipt },
} as const satisfies Record<CommandName, CommandSpec>;

/** Every event main may push to the renderer, with its payload schema. */
export const events = {
  'app.status': AppStatus,
  'settings.changed': Settings,
  'payments.session': PaymentSession,
  'phone.dial': DialRequest,
  'phone.state': PhoneReport,
  'team.link': TeamLinkStatus,
  'recording.state': RecordingStatus,
  'receipts.receipt': Receipt,
  'calls.changed': CallsChanged,
  'sandbox.call': CustomerCallStatus,
} as const satisfies Record<EventName, z.ZodType>;

export type Commands = typeof commands;
export type CommandArgs<K extends CommandName> = z.input<Commands[K]['args']>;
export type CommandResult<K extends CommandName> = z.output<Commands[K]['result']>;
export type EventPayload<K extends EventName> = z.output<(typeof events)[K]>;

/** The AppApi as the renderer uses it, whichever carrier is underneath. */
export interface AppApi {
  invoke<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<CommandResult<K>>;
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
}

/** What a carrier moves: untyped names and payloads, results wrapped in an envelope. */
export interface RawCarrier {
  invoke(name: string, args: unknown): Promise<Envelope>;
  on(name: string, listener: (payload: unknown) => void): () => void;
}
