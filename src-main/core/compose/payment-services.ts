// The services a payment goes through: the recording guard, the payments themselves (kept in the
// session store, saved cards sealed) and receipts, wired to the connection and the phone they use.
import { join } from 'node:path';
import type { ApiHost } from '../api';
import type { ConnectionSwitch } from '../connection';
import type { AppLog } from '../log';
import { callEndedAt, FileSessionStore, PaymentsService } from '../payments';
import type { PhoneService } from '../phone';
import { RecordingGuard, recordingsApi } from '../recording';
import { ReceiptsService } from '../receipts';
import { sealedSessions } from '../saved-cards';
import { chosenConnector, type SettingsStore } from '../settings';
import { DEFAULT_RETRY } from '../twilio';
import { WEBHOOK_PATHS } from '../webhooks';
import type { Records } from './records';
import type { CoreOptions } from './types';

export interface PaymentServicesDeps {
  options: CoreOptions;
  settings: SettingsStore;
  records: Records;
  log: AppLog;
  emit: ApiHost['emit'];
  /** Built after these services (it needs the receiver they answer callbacks through). */
  connection: () => ConnectionSwitch;
  phone: () => PhoneService;
}

export function paymentServices(deps: PaymentServicesDeps) {
  const { options, settings, log, emit, connection, phone } = deps;
  const { audit, vault } = deps.records;
  const recording = new RecordingGuard({
    api: () => recordings,
    enabled: () => settings.value.recordCalls === true,
    agent: () => settings.value.agentIdentity,
    audit,
    log,
    onState: (state) => emit('recording.state', state),
  });
  const recordings = recordingsApi(() => connection().client(), options.retry ?? DEFAULT_RETRY);
  const payments = new PaymentsService({
    api: () => connection().paymentsApi(),
    statusCallbackUrl: () => connection().callbackUrl(WEBHOOK_PATHS.paymentStatus),
    agent: () => options.actor?.() ?? settings.value.agentIdentity,
    isAgentLeg: (callSid) => phone().legs.isAgentLeg(callSid),
    connector: () => chosenConnector(settings.value),
    audit,
    log,
    onSession: (session) => {
      emit('payments.session', session);
      recording.sessionChanged(session);
    },
    beforeRequest: (session) => recording.beforeRequest(session),
    resultTimeoutMs: options.resultTimeoutMs,
    now: options.clock,
    sessions: sealedSessions(
      options.sessions ?? new FileSessionStore(join(options.dataDir, 'sessions')),
      vault,
    ),
    callEnded: (callSid) => callEndedAt(() => connection().client())(callSid),
    sealSavedCard: vault && ((card, sessionId) => vault.seal(card, sessionId)),
  });
  const receipts = new ReceiptsService({
    client: () => connection().current()?.client(),
    session: (sessionId) => payments.list({ sessionId })[0],
    from: () => phone().callerId(),
    settings: () => settings.value.receipts,
    statusCallbackUrl: (r) => {
      const url = connection().callbackUrl(WEBHOOK_PATHS.messageStatus);
      const ref = new URLSearchParams({ r: r.id, s: r.sessionId });
      return url && `${url}?${ref.toString()}`;
    },
    audit,
    log,
    onReceipt: (receipt) => emit('receipts.receipt', receipt),
    now: options.clock,
  });
  return { recording, payments, receipts };
}

export type PaymentServices = ReturnType<typeof paymentServices>;
