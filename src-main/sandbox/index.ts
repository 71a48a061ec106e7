import type { SandboxLog } from './rest-app';
import { buildSandboxApp } from './rest-app';
import { CallStore } from './calls';
import type { Clock } from './clock';
import { systemClock } from './clock';
import type { CustomerCallRouter, SandboxControl } from './control';
import { createControl } from './control';
import type { SandboxCredentials } from './credentials';
import { resolveCredentials } from './credentials';
import type { AllowedOrigins } from './http';
import { postForm } from './http';
import { Ledger } from './connector';
import type { LedgerEntry } from './connector';
import type { MessageRecord } from './messages';
import type { FaultPlan } from './faults';
import { FaultInjector } from './faults';
import { installRestFaults } from './faults';
import { CallbackDispatcher } from './callbacks';
import { settingsRoutes } from './control';
import { IdempotencyStore } from './payments';
import { CaptureService } from './payments';
import { paymentsRoutes } from './payments';
import { RecordingStore, recordingsControl, recordingsRoutes } from './recordings';
import { ResourceStore } from './setup';
import { setupRoutes } from './setup';
import { MessageStore } from './messages';
import { MessageService } from './messages';
import { messageFailureRoutes, messagesRoutes } from './messages';
import { MessageFailureSchema, type MessageFailure } from './messages';
import type { SandboxContext, SandboxExtension } from './extension';
import type { Switches } from './switches';
import { SwitchesSchema, defaultSwitches } from './switches';
import type { WebhookSigner, WebhookSigning } from './callbacks';
import { authTokenSigner, webhookSigner, WEBHOOK_SIGNINGS } from './callbacks';

export type { SandboxCredentials } from './credentials';
export { generateCredentials } from './credentials';
export type { AllowedOrigins } from './http';
export type { Switches } from './switches';
export type { WebhookSigning } from './callbacks';
export { defaultSwitches } from './switches';
export type { FaultPlan } from './faults';
export type { MessageFailure } from './messages';
export type { MessageRecord } from './messages';
export type { LedgerEntry } from './connector';
export { testBankAccounts, testCards } from './connector';
export type { TestBankAccount, TestCard } from './connector';
export type { SandboxControl, ControlCall, CustomerCallInput, CustomerCallRouter } from './control';
export { CallStore } from './calls';
export type { CallRecord, CallStatus, CallDirection } from './calls';
export type { Clock } from './clock';
export { systemClock } from './clock';
export type { SandboxContext, SandboxExtension } from './extension';
export { createVoice, type SandboxVoice } from './voice';
export type { RecordingStore, RecordingFaults } from './recordings';

export interface SandboxOptions {
  /** 0 or omitted = a free port; always binds 127.0.0.1. */
  port?: number;
  /** Made fresh for each run when omitted (printable: they open only this local emulator). */
  credentials?: Partial<SandboxCredentials>;
  /**
   * Browser origins allowed to call the sandbox's REST, control and signaling routes: the console's
   * own. Requests without an Origin (the twilio library, Node) are not browsers and pass; default none.
   */
  allowedOrigins?: AllowedOrigins;
  /** Reference §8 behaviours, each defaulting to the most likely real one. */
  switches?: Partial<Switches>;
  faults?: FaultPlan;
  /** Run before listen, so other modules (the Voice signaling) can add routes. */
  extensions?: SandboxExtension[];
  /** Allowlisted fields only; never a body, card number or security code. */
  log?: SandboxLog;
  /** Runs sandbox timers `timeScale` times as long (0.01 makes the 5 s digit timeout take 50 ms). */
  timeScale?: number;
  /** Replaces the clock entirely (overrides timeScale). */
  clock?: Clock;
  /** Numbers the account owns from the start (IncomingPhoneNumbers); default one, +14155550199. */
  phoneNumbers?: string[];
  /**
   * How webhooks are signed: `auth-token` (HMAC-SHA1, default) or `shared-key` (HMAC-SHA256 with
   * `credentials.webhookSharedKey`, as a Webhook Rule with a SharedKey makes Twilio sign them).
   */
  webhookSigning?: WebhookSigning;
}

export interface Sandbox {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  credentials: SandboxCredentials;
  calls: CallStore;
  /** The same operations as the /_sandbox HTTP API, in-process. */
  control: SandboxControl;
  setSwitches(s: Partial<Switches>): void;
  /** Signs every webhook sent from now on with the Auth Token or with the shared key. */
  setWebhookSigning(signing: WebhookSigning): void;
  setFaults(f: FaultPlan): void;
  ledger(): LedgerEntry[];
  /** Call recordings: their timelines (keys heard per stretch) and the pause/resume fault switch. */
  recordings: RecordingStore;
  /** What the next messages do: delivered (none), undelivered with a carrier code, or refused at create. */
  setMessageFailure(f: Partial<MessageFailure>): void;
  /** Every message sent in this run, newest first (bodies included: for tests and the tripwire). */
  messages(): MessageRecord[];
  /** Releases held-back callbacks and resolves once every queued status callback has been attempted. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** POSTs form params signed with X-Twilio-Signature (Auth Token) over exactly `url`, as Twilio's webhooks are. */
export async function postSigned(
  authToken: string,
  url: string,
  params: Record<string, string>,
  timeoutMs = 10_000,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return postSignedWith(authTokenSigner(authToken), url, params, timeoutMs, headers);
}

/** POSTs form params with the signature headers `sign` makes over exactly `url`. */
export async function postSignedWith(
  sign: WebhookSigner,
  url: string,
  params: Record<string, string>,
  timeoutMs = 10_000,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return postForm(
    url,
    new URLSearchParams(params).toString(),
    {
      'content-type': 'application/x-www-form-urlencoded',
      ...sign(url, params),
      'user-agent': 'TwilioProxy/1.1',
      ...headers,
    },
    timeoutMs,
  );
}

/** Starts the sandbox on 127.0.0.1 and resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const credentials = resolveCredentials(options.credentials);
  const allowedOrigins = options.allowedOrigins ?? (() => []);
  const switches: Switches = SwitchesSchema.parse({ ...defaultSwitches, ...options.switches });
  const clock = options.clock ?? systemClock(options.timeScale ?? 1);
  const log: SandboxLog = options.log ?? (() => undefined);
  const faults = new FaultInjector(options.faults ?? {});
  const calls = new CallStore(credentials.accountSid, clock);
  const resources = new ResourceStore();
  for (const phoneNumber of options.phoneNumbers ?? ['+14155550199'])
    resources.addNumber({ phoneNumber }, clock.now());
  const ledger = new Ledger();
  const routers: CustomerCallRouter[] = [];
  const control = createControl(calls, ledger, routers);
  let signing = checkedSigning(options.webhookSigning ?? 'auth-token');
  const sign = webhookSigner(credentials, () => signing);
  const callbacks = new CallbackDispatcher(
    (url, params, headers) => postSignedWith(sign, url, params, 5000, headers),
    faults,
    clock,
    log,
  );
  const payments = new CaptureService({
    accountSid: credentials.accountSid,
    calls,
    clock,
    switches,
    ledger,
    callbacks,
    log,
  });
  const messages = new MessageService(new MessageStore(credentials.accountSid, clock), {
    owns: (e164) => resources.numberByPhone(e164) !== undefined,
    callbacks,
    clock,
    log,
  });

  const recordings = new RecordingStore(calls, clock);

  const app = buildSandboxApp({
    credentials,
    calls,
    resources,
    control,
    log,
    accountRoutes: [
      paymentsRoutes(payments, new IdempotencyStore(), switches),
      setupRoutes(resources, clock),
      recordingsRoutes(recordings),
      messagesRoutes(messages),
    ],
    controlExtras: [
      settingsRoutes(switches, (plan) => faults.set(plan)),
      recordingsControl(recordings),
      messageFailureRoutes(messages),
    ],
    allowedOrigins,
    rootHooks: [(root) => installRestFaults(root, faults, log)],
  });
  const ctx: SandboxContext = {
    app,
    calls,
    credentials,
    switches,
    clock,
    log,
    allowedOrigins,
    postSigned: (url, params) => postSignedWith(sign, url, params),
    resources: {
      application: (sid) => resources.application(sid),
      numberByPhone: (e164) => resources.numberByPhone(e164),
      key: (sid) => resources.keys.get(sid),
    },
    routeCustomerCalls: (router) => routers.push(router),
  };
  const shutdown = async () => {
    payments.close();
    recordings.close();
    messages.close();
    callbacks.close();
    await app.close();
  };
  try {
    for (const extension of options.extensions ?? []) await extension(ctx);
    await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  } catch (error) {
    await shutdown();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const url = `http://127.0.0.1:${port}`;
  log('sandbox.listening', { port });

  return {
    url,
    port,
    credentials,
    calls,
    control,
    setSwitches: (s) => Object.assign(switches, SwitchesSchema.partial().parse(s)),
    setWebhookSigning: (s) => void (signing = checkedSigning(s)),
    setFaults: (f) => faults.set(f),
    ledger: () => ledger.list(),
    recordings,
    setMessageFailure: (f) => messages.setFailure(MessageFailureSchema.parse({ mode: 'none', ...f })),
    messages: () => messages.store.list().map((m) => ({ ...m })),
    // The connector answers a while after Complete: idle waits for that answer's callback too.
    idle: async () => {
      await payments.answered();
      await messages.settled();
      await callbacks.idle();
    },
    close: shutdown,
  };
}

function checkedSigning(signing: WebhookSigning): WebhookSigning {
  if (!WEBHOOK_SIGNINGS.includes(signing))
    throw new Error(`Webhook signing is ${WEBHOOK_SIGNINGS.join(' or ')}, not "${String(signing)}".`);
  return signing;
}
