import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ENDED_CALL_STATUSES } from '@shared/api/calls';
import type { AppStatus } from '@shared/api/status';
import type { Settings } from '@shared/api/settings';
import { AppError } from '@shared/api/errors';
import { ApiHost } from './api/host';
import { SettingsStore, type LoadNotice } from './settings/settings-store';
import { checkedPatch, modeFor } from './settings/account-switch';
import type { SecretStore } from './settings/secret-store';
import { consoleHandlers, readAuditHistory } from './console';
import { AuditLog } from './audit';
import { createLog, type AppLog } from './log';
import { PaymentsService } from './payments';
import { buildWebhookApp, listenWebhooks, WEBHOOK_PATHS, joinUrl } from './webhooks';
import type { TunnelManagerOptions, TunnelProvider, TunnelStatus } from './tunnel';
import {
  DEFAULT_RETRY,
  listInProgressCalls,
  paymentsApi,
  startLiveConnection,
  startSandboxConnection,
  type RetryPolicy,
  type TwilioConnection,
} from './twilio';
import type { Sandbox, SandboxOptions } from '../sandbox';
import { createPhone, type PhoneService } from './phone';

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
}

export interface Core {
  api: ApiHost;
  /** Set when the settings file was unreadable and has been kept aside. */
  settingsNotice: LoadNotice | undefined;
  payments: PaymentsService;
  audit: AuditLog;
  status(): AppStatus;
  /** The in-process sandbox in sandbox mode (for the CLI's banner and tests). */
  sandbox(): Sandbox | undefined;
  /** The receiver's local URL, http://127.0.0.1:<port>. */
  webhooksUrl: string;
  /** The softphone's main side (for the shell: the sandbox signaling certificate to trust). */
  phone: PhoneService;
  stop(): Promise<void>;
}

export { modeFor } from './settings/account-switch';

/** Composes the core services into the AppApi implementation. Never imports electron. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const settings = new SettingsStore(options.dataDir);
  await settings.load();
  const log = options.log ?? createLog();
  const audit = new AuditLog(join(options.dataDir, 'audit.jsonl'), options.clock);
  const instanceId = randomUUID();
  let connection: TwilioConnection | undefined;
  let tunnelUp = false;

  const retry: RetryPolicy = {
    ...(options.retry ?? DEFAULT_RETRY),
    onRetry: (info) => log.warn('twilio.retry', info),
  };
  const emitStatus = () => api.emit('app.status', status());
  const twilioClient = () => {
    const client = connection?.client();
    if (!client)
      throw new AppError('no_twilio', 'Callpay is not connected to Twilio: add the credentials in Settings.');
    return client;
  };
  // One for the run: it remembers starts whose every attempt was lost, to reuse their keys.
  const restPayments = paymentsApi(twilioClient, retry);
  const payments = new PaymentsService({
    api: () => {
      twilioClient();
      return restPayments;
    },
    statusCallbackUrl: () => {
      const base = connection?.callbackBase();
      return base === undefined ? undefined : joinUrl(base, WEBHOOK_PATHS.paymentStatus);
    },
    agent: () => settings.value.agentIdentity,
    audit,
    log,
    onSession: (session) => api.emit('payments.session', session),
    resultTimeoutMs: options.resultTimeoutMs,
    now: options.clock,
  });

  const webhookApp = await buildWebhookApp({
    authToken: () => connection?.authToken(),
    publicBaseUrls: () => connection?.signatureBases() ?? [],
    handlers: {
      paymentStatus: (params) => payments.handleCallback(params),
      legStatus: (params) => {
        phone.legs.legStatus(params);
        if (!ENDED_CALL_STATUSES.includes(params.CallStatus ?? '')) return;
        // Either leg ending ends the bridge; a payment may sit on the parent or the child.
        payments.callEnded(params.CallSid!);
        if (params.ParentCallSid) payments.callEnded(params.ParentCallSid);
      },
    },
    voice: {
      callerId: () => settings.value.twilio.callerId ?? phone.sandboxCallerId(),
      agentIdentity: () => settings.value.agentIdentity,
    },
    log,
    instanceId,
    rateLimitPerMinute: options.webhookRateLimitPerMinute,
  });
  const receiver = await listenWebhooks(webhookApp, options.webhookPort ?? 0);
  const { phone, handlers: phoneHandlers } = createPhone({
    settings: () => settings.value,
    saveSettings: (patch) => api.dispatch('settings.set', patch),
    secrets: () => options.secrets,
    connection: () => connection,
    receiverUrl: receiver.url,
    status: () => status(),
    restBaseUrl: options.liveRestBaseUrl,
    restTimeoutMs: options.restTimeoutMs,
    ttlSeconds: options.phoneTokenTtlSeconds,
    log,
  });

  const onTunnel = (tunnel: TunnelStatus) => {
    const up = tunnel.state === 'up';
    if (up !== tunnelUp) payments.tunnelChanged(up);
    if (up) void phone.publicUrlChanged(tunnel.publicUrl);
    tunnelUp = up;
    emitStatus();
  };

  const connect = async (): Promise<TwilioConnection> => {
    const current = settings.value;
    if (modeFor(current) === 'sandbox') {
      return startSandboxConnection({
        sandbox: phone.sandboxOptions(options.sandbox),
        receiverUrl: receiver.url,
        restTimeoutMs: options.restTimeoutMs,
        onCallEnded: (sid) => payments.callEnded(sid),
      });
    }
    tunnelUp = false;
    return startLiveConnection({
      settings: current,
      secrets: {
        authToken: await options.secrets?.get('authToken').catch(() => undefined),
        apiKeySecret: await options.secrets?.get('apiKeySecret').catch(() => undefined),
      },
      receiverPort: receiver.port,
      instanceId,
      log,
      provider: options.tunnel?.provider,
      tunnel: options.tunnel,
      restTimeoutMs: options.restTimeoutMs,
      restBaseUrl: options.liveRestBaseUrl,
      onTunnel,
      onHealth: emitStatus,
    });
  };

  // One switch at a time: two quick settings changes must not leave a second sandbox or tunnel running.
  let switching: Promise<void> = Promise.resolve();
  const reconnect = () =>
    (switching = switching
      .catch(() => undefined)
      .then(async () => {
        await connection?.stop();
        connection = undefined;
        connection = await connect();
        await phone.connected(connection);
        log.info('core.mode', { mode: connection.mode });
        emitStatus();
      }));

  const status = (): AppStatus => {
    const mode = connection?.mode ?? modeFor(settings.value);
    const health = connection?.health() ?? {
      twilio: { state: 'down' as const, detail: 'Connecting…' },
      tunnel: { state: 'off' as const, detail: 'Not started.' },
    };
    return {
      mode,
      version: options.version,
      health: {
        webhooks: { state: 'ok', detail: `Listening at ${receiver.url}.` },
        tunnel: health.tunnel,
        twilio: health.twilio,
      },
      urls: { webhooks: receiver.url, ...connection?.urls() },
    };
  };

  const api: ApiHost = new ApiHost({
    'app.status': () => status(),
    'settings.get': () => settings.value,
    'settings.set': async (patch) => {
      const before = settings.value;
      const checked = await checkedPatch(before, patch, {
        secrets: () => options.secrets,
        restBaseUrl: options.liveRestBaseUrl,
        restTimeoutMs: options.restTimeoutMs,
      });
      const next = await settings.update(checked);
      api.emit('settings.changed', next);
      // The sandbox keeps its calls across unrelated changes; live mode reconnects on any account change.
      // Caller ID and connector are read per call and per payment: changing them keeps the tunnel up.
      const link = (v: Settings) => {
        const { callerId: _callerId, paymentConnector: _connector, ...account } = v.twilio;
        return JSON.stringify([account, v.tunnel]);
      };
      const changed = link(before) !== link(next);
      if (modeFor(before) !== modeFor(next) || (modeFor(next) === 'live' && changed)) await reconnect();
      else emitStatus();
      return next;
    },
    'payments.start': (args) => {
      phone.legs.assertCustomerLeg(args.callSid);
      // "Default" is Twilio's name for the account default; a live account's chosen connector replaces it.
      const connector = settings.value.twilio.paymentConnector;
      const chosen = modeFor(settings.value) === 'live' && connector && args.paymentConnector === 'Default';
      return payments.start(chosen ? { ...args, paymentConnector: connector } : args);
    },
    'payments.request': ({ sessionId, field }) => payments.request(sessionId, field),
    'payments.complete': ({ sessionId }) => payments.complete(sessionId),
    'payments.cancel': ({ sessionId }) => payments.cancel(sessionId),
    'payments.get': (filter) => ({ sessions: payments.list(filter) }),
    'audit.verify': () => audit.verify(),
    'calls.list': async () => {
      const client = twilioClient();
      try {
        return { calls: await listInProgressCalls(client) };
      } catch {
        throw new AppError(
          'twilio_unreachable',
          'Callpay could not list the calls from Twilio. Try again in a moment.',
        );
      }
    },
    ...phoneHandlers,
    // The Device lives in the renderer; main's desktop parts (the tray) hear its state from here.
    'phone.report': (report) => {
      api.emit('phone.state', report);
      return {};
    },
    ...consoleHandlers({
      history: () => readAuditHistory(audit.file),
      sandbox: () => connection?.control(),
      softphoneNumber: () => phone.sandboxCallerId(),
      secrets: () => options.secrets,
      onSecretsChanged: () => {
        if (connection?.mode === 'live') reconnect().catch(() => undefined);
      },
    }),
  });

  await reconnect();

  return {
    api,
    settingsNotice: settings.notice,
    payments,
    audit,
    status,
    sandbox: () => connection?.sandbox(),
    webhooksUrl: receiver.url,
    phone,
    stop: async () => {
      await switching.catch(() => undefined);
      await connection?.stop();
      connection = undefined;
      await receiver.close();
      await audit.flush();
    },
  };
}
