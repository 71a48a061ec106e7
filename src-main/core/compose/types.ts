// What the composition root is given (CoreOptions) and what it hands its host (Core).
import type { AppStatus } from '@shared/api';
import type { PaymentSession } from '@shared/payments';
import type { ApiHost } from '../api';
import type { AuditTrail, OpenAuditTrail } from '../audit';
import type { CallBook, QuietCallCheck } from '../calls';
import type { HistoryBook } from '../history';
import type { AppLog } from '../log';
import type { PaymentsService, SessionStore } from '../payments';
import type { PhoneService } from '../phone';
import type { Sandbox, SandboxOptions } from '../sandbox-mode';
import type { LoadNotice, SecretStore } from '../settings';
import type { TunnelManagerOptions, TunnelProvider } from '../tunnel';
import type { RetryPolicy } from '../twilio';

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
  /** With `audit`: the History kept from that trail (Callpay Server: the table folded from its log). */
  history?: (audit: AuditTrail) => HistoryBook;
  /** Who incoming calls ring at once (Callpay Server: everyone signed in); the settings' agentIdentity when empty. */
  ringGroup?: () => Promise<string[]>;
  /**
   * Live mode's calls as Twilio's callbacks tell them (Callpay Server: the team's table): `calls.list`
   * reads it instead of Twilio's Calls list. Without one, live mode lists the calls from Twilio.
   */
  callBook?: CallBook;
  /** How a call book's calls with no news are looked up at Twilio (their end callback may be lost). */
  quietCalls?: QuietCallCheck;
}

export interface Core {
  api: ApiHost;
  /** Set when the settings file was unreadable and has been kept aside. */
  settingsNotice: LoadNotice | undefined;
  payments: PaymentsService;
  audit: AuditTrail;
  /** The history: an index beside the audit log, or the server's table folded from its log. */
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
