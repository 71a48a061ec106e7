import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { AppStatus } from '@shared/api';
import type { PaymentSession } from '@shared/payments';
import { ApiHost } from './api';
import { teamUnhostedHandlers } from './api/team-unhosted';
import {
  auditHandlers,
  auditKeyFile,
  auditKeyFromStore,
  openAuditLog,
  type AuditTrail,
  type OpenAuditTrail,
} from './audit';
import { callNews, type CallBook } from './calls/call-book';
import { callEvents } from './calls/call-events';
import { callsHandlers } from './calls/handlers';
import { ConnectionSwitch } from './connection';
import { EntriesHistory, HistoryIndex, historyHandlers, type HistoryBook } from './history';
import { createLog, type AppLog } from './log';
import {
  callEndedAt,
  FileSessionStore,
  PaymentsService,
  paymentsHandlers,
  type SessionStore,
} from './payments';
import { createPhone, type PhoneService } from './phone';
import { recordedCallIns, RecordingGuard, recordingHandlers, recordingsApi } from './recording';
import { receiptsHandlers, ReceiptsService } from './receipts';
import { openedSession, SavedCardVault, sealedSessions } from './saved-cards';
import { sandboxCustomerHandlers, type Sandbox, type SandboxOptions } from './sandbox-mode';
import {
  chosenConnector,
  keptAsideNotice,
  lockDataDir,
  settingsHandlers,
  SettingsStore,
  type LoadNotice,
  type SecretStore,
} from './settings';
import type { TunnelManagerOptions, TunnelProvider } from './tunnel';
import { DEFAULT_RETRY, type RetryPolicy } from './twilio';
import { buildWebhookApp, listenWebhooks, WEBHOOK_PATHS } from './webhooks';

export interface CoreOptions {
  /** Folder for settings, the audit log and other files the app keeps. */
  dataDir: string;
  version: string;
  /** Options for the in-process sandbox (sandbox mode). */
  sandbox?: SandboxOptions;
  /** Live mode's tunnel: a provider to use instead of the settings' choice, and timings. */
  tunnel?: { provider?: TunnelProvider } & Partial<
    Omit<TunnelManagerOptions, 'provider' | 'localPort' | 'log'>
  >;
  /** Live mode's REST goes here instead of Twilio (a standalone sandbox, for rehearsal and tests). */
  liveRestBaseUrl?: string;
  /** Where live-mode secrets are read from. */
  secrets?: SecretStore;
  /** Where payment sessions are kept durably (data dir by default; PostgreSQL in Callpay Server). */
  sessions?: SessionStore;
  retry?: RetryPolicy;
  restTimeoutMs?: number;
  /** How long after complete or cancel the agent is told Twilio's answer is overdue. */
  resultTimeoutMs?: number;
  log?: AppLog;
  /** The receiver's port; a free one when omitted. */
  webhookPort?: number;
  /** The receiver's flood guard, requests per minute (default 30,000); the benchmark lifts it. */
  webhookRateLimitPerMinute?: number;
  clock?: () => Date;
  /** Lifetime of the softphone's access tokens (default 600 s); tests shorten it to see refreshes. */
  phoneTokenTtlSeconds?: number;
  /**
   * The Voice identity acting now: in Callpay Server, the signed-in person behind the current
   * command (their payments and their softphone's token); the settings' agentIdentity when undefined.
   */
  actor?: () => string | undefined;
  /**
   * What the receiver's /health answers, and the tunnel's heartbeat expects back through the public
   * URL; fresh each run by default. A team's instances share one: its balancer may route the probe to any.
   */
  receiverId?: string;
  /** The audit log to keep instead of the data folder's file (Callpay Server: the team's table). */
  audit?: OpenAuditTrail;
  /** Who incoming calls ring at once (Callpay Server: everyone signed in); the settings' agentIdentity when empty. */
  ringGroup?: () => Promise<string[]>;
  /**
   * Live mode's calls as Twilio's callbacks tell them (Callpay Server: the team's table): `calls.list`
   * reads it instead of Twilio's Calls list. Without one, live mode lists the calls from Twilio.
   */
  callBook?: CallBook;
}

export interface Core {
  api: ApiHost;
  /** Set when the settings file was unreadable and has been kept aside. */
  settingsNotice: LoadNotice | undefined;
  payments: PaymentsService;
  audit: AuditTrail;
  /** The history: an index beside the audit log, or the server's log folded. */
  history: HistoryBook;
  status(): AppStatus;
  /** A session as a store keeps it (another instance's), with its saved card opened as the agent sees it. */
  openSession(session: PaymentSession): PaymentSession;
  /** The in-process sandbox in sandbox mode (for the CLI's banner and tests). */
  sandbox(): Sandbox | undefined;
  /** The receiver's local URL, http://127.0.0.1:<port>. */
  webhooksUrl: string;
  /** The softphone's main side (for the shell: the sandbox signaling certificate to trust). */
  phone: PhoneService;
  /** The call book changed elsewhere (another instance took the callback): tell the consoles. */
  callsChanged(): Promise<void>;
  /** The SecretStore's Twilio secrets changed outside a command (another server instance saved them). */
  secretsChanged(): void;
  stop(): Promise<void>;
}

/** The composition root: builds each service, wires them together and hands the AppApi to a host. */
export async function createCore(options: CoreOptions): Promise<Core> {
  // First: a second process on this folder would fork the audit chain and race the settings.
  const lock = await lockDataDir(options.dataDir);
  const settings = new SettingsStore(options.dataDir);
  await settings.load();
  const log = options.log ?? createLog();
  let composed = false;
  const onAuditChange = () => composed && emit('app.status', status());
  const fileAudit = options.audit
    ? undefined
    : await openAuditLog({
        dataDir: options.dataDir,
        log,
        secrets: options.secrets,
        now: options.clock,
        onChange: onAuditChange,
      });
  const audit: AuditTrail = fileAudit ?? (await options.audit!(onAuditChange));
  // The saved-card key comes from the audit key, so it opens after the log made that key.
  const vault = await SavedCardVault.open(
    options.secrets ? auditKeyFromStore(options.secrets) : auditKeyFile(join(options.dataDir, 'audit.key')),
  ).catch((error: unknown) => {
    log.error('saved_cards.key_unreadable', { reason: (error as Error).message });
    return undefined;
  });
  // Caught up from its checkpoint in the background: the start does not wait for the history.
  const history: HistoryBook = fileAudit
    ? new HistoryIndex(fileAudit).start()
    : new EntriesHistory(async () => (await audit.entries?.()) ?? []);
  const notice = keptAsideNotice(settings.notice);
  const instanceId = options.receiverId ?? randomUUID();
  const emit: ApiHost['emit'] = (name, payload) => api.emit(name, payload);
  // The call book is live mode's; sandbox mode's in-process sandbox knows every call itself.
  const book = () => (connection.current()?.mode === 'live' ? options.callBook : undefined);
  const calls = callEvents(
    emit,
    () => connection.current()?.control()?.listCalls(),
    options.callBook,
    (error) => log.warn('calls.book_unreadable', { code: (error as { code?: string }).code }),
  );
  // A call's news into the book; the answer to Twilio waits for it, but a database fault never fails a call.
  const keepCallNews = async (params: Record<string, string>) => {
    const kept = book();
    const news = kept && callNews(params);
    if (!news) return;
    try {
      if (await kept.apply(news)) await calls.bookChanged();
    } catch (error) {
      log.warn('calls.news_not_kept', { code: (error as { code?: string }).code });
    }
  };

  const recording = new RecordingGuard({
    api: () => recordings,
    enabled: () => settings.value.recordCalls === true,
    agent: () => settings.value.agentIdentity,
    audit,
    log,
    onState: (state) => emit('recording.state', state),
  });
  const recordings = recordingsApi(() => connection.client(), options.retry ?? DEFAULT_RETRY);
  const payments = new PaymentsService({
    api: () => connection.paymentsApi(),
    statusCallbackUrl: () => connection.callbackUrl(WEBHOOK_PATHS.paymentStatus),
    agent: () => options.actor?.() ?? settings.value.agentIdentity,
    isAgentLeg: (callSid) => phone.legs.isAgentLeg(callSid),
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
    callEnded: (callSid) => callEndedAt(() => connection.client())(callSid),
    sealSavedCard: vault && ((card, sessionId) => vault.seal(card, sessionId)),
  });
  const receipts = new ReceiptsService({
    client: () => connection.current()?.client(),
    session: (sessionId) => payments.list({ sessionId })[0],
    from: () => phone.callerId(),
    settings: () => settings.value.receipts,
    statusCallbackUrl: (r) => {
      const url = connection.callbackUrl(WEBHOOK_PATHS.messageStatus);
      const ref = new URLSearchParams({ r: r.id, s: r.sessionId });
      return url && `${url}?${ref.toString()}`;
    },
    audit,
    log,
    onReceipt: (receipt) => emit('receipts.receipt', receipt),
    now: options.clock,
  });
  const webhookApp = await buildWebhookApp({
    authToken: () => connection.current()?.authToken(),
    sharedKey: () => connection.current()?.webhookSharedKey(),
    publicBaseUrls: () => connection.current()?.signatureBases() ?? [],
    handlers: {
      paymentStatus: (params) => payments.handleCallback(params),
      legStatus: (params) => {
        phone.legs.legStatus(params);
        payments.legStatus(params);
        recording.legStatus(params);
        if (book()) return keepCallNews(params);
        if (connection.current()?.mode === 'live') calls.legChanged();
      },
      callStatus: keepCallNews,
      messageStatus: (params, query) =>
        receipts.statusCallback(params, { receiptId: query.r, sessionId: query.s }),
    },
    voice: {
      callerId: () => phone.callerId(),
      agentIdentity: () => settings.value.agentIdentity,
      ringGroup: options.ringGroup,
    },
    log,
    instanceId,
    rateLimitPerMinute: options.webhookRateLimitPerMinute,
  });
  const receiver = await listenWebhooks(webhookApp, options.webhookPort ?? 0);
  const { phone, handlers: phoneHandlers } = createPhone(
    {
      settings: () => settings.value,
      saveSettings: (patch) => api.dispatch('settings.set', patch),
      secrets: () => options.secrets,
      connection: () => connection.current(),
      receiverUrl: receiver.url,
      status: () => status(),
      restBaseUrl: options.liveRestBaseUrl,
      restTimeoutMs: options.restTimeoutMs,
      ttlSeconds: options.phoneTokenTtlSeconds,
      identity: options.actor,
      log,
    },
    (report) => emit('phone.state', report),
  );
  const connection = new ConnectionSwitch({
    options,
    settings: () => settings.value,
    receiver,
    instanceId,
    log,
    sandbox: () => phone.sandboxOptions(options.sandbox),
    onConnected: (connected) => phone.connected(connected),
    onTunnelChanged: (up) => payments.tunnelChanged(up),
    onPublicUrl: (publicUrl) => void phone.publicUrlChanged(publicUrl),
    onStatus: () => emit('app.status', status()),
    onCallEnded: (callSid) => {
      payments.callEnded(callSid);
      recording.callEnded(callSid);
    },
    onCallStatus: (call) => calls.sandboxCall(call),
  });

  const api: ApiHost = new ApiHost({
    'app.status': () => status(),
    ...settingsHandlers({
      store: settings,
      secrets: () => options.secrets,
      emit,
      account: {
        secrets: () => options.secrets,
        restBaseUrl: options.liveRestBaseUrl,
        restTimeoutMs: options.restTimeoutMs,
      },
      onChange: (before, next) => connection.settingsChanged(before, next),
      onSecretsChanged: () => connection.secretsChanged(),
    }),
    ...paymentsHandlers(payments),
    ...auditHandlers(audit),
    ...historyHandlers({
      book: history,
      vault,
      agent: () => settings.value.agentIdentity,
      audit: (record) => audit.keep(record),
    }),
    ...receiptsHandlers(receipts),
    ...callsHandlers(() => connection.client(), book),
    ...phoneHandlers,
    ...recordedCallIns(
      sandboxCustomerHandlers(
        () => connection.current()?.control(),
        () => phone.sandboxCallerId(),
      ),
      recording,
    ),
    ...teamUnhostedHandlers(),
    ...recordingHandlers(recording),
  });
  // The connection's health, with the audit log's and anything the console must be told.
  const status = (): AppStatus => {
    const current = connection.status();
    const health = { ...current.health, audit: audit.health() };
    return { ...current, health, ...(notice ? { notices: [notice] } : {}) };
  };
  await connection.reconnect();
  await payments.restore(callEndedAt(() => connection.client()));
  composed = true;

  return {
    api,
    settingsNotice: settings.notice,
    payments,
    audit,
    history,
    phone,
    webhooksUrl: receiver.url,
    status,
    callsChanged: () => (book() ? calls.bookChanged() : Promise.resolve()),
    openSession: (session) => openedSession(session, vault),
    sandbox: () => connection.current()?.sandbox(),
    secretsChanged: () => connection.secretsChanged(),
    stop: async () => {
      await connection.stop();
      calls.stop();
      await receiver.close();
      await payments.flush();
      await audit.flush();
      await history.close();
      audit.close();
      await lock.release();
    },
  };
}
