import type { Twilio } from 'twilio';
import { AppError } from '@shared/api';
import type { Settings } from '@shared/api';
import type { AppStatus, Mode } from '@shared/api';
import type { AppLog } from '../log';
import { modeFor, needsReconnect, type SecretStore } from '../settings';
import { startSandboxConnection, type SandboxOptions } from '../sandbox-mode';
import type { TunnelStatus } from '../tunnel';
import {
  DEFAULT_RETRY,
  paymentsApi,
  startLiveConnection,
  type LiveConnectionOptions,
  type PaymentsApi,
  type RetryPolicy,
  type TwilioConnection,
} from '../twilio';
import { joinUrl, type WebhookServer } from '../webhooks';
import type { CallRecord } from '../../sandbox';

/** The parts of the core's options a connection is made from. */
export interface ConnectionOptions {
  version: string;
  /** Where live-mode secrets are read from. */
  secrets?: SecretStore;
  retry?: RetryPolicy;
  restTimeoutMs?: number;
  /** Live mode's REST goes here instead of Twilio (a standalone sandbox). */
  liveRestBaseUrl?: string;
  tunnel?: { provider?: LiveConnectionOptions['provider'] } & LiveConnectionOptions['tunnel'];
}

export interface ConnectionSwitchDeps {
  options: ConnectionOptions;
  settings: () => Settings;
  /** Sandbox mode's options for one sandbox start. */
  sandbox: () => SandboxOptions;
  receiver: WebhookServer;
  instanceId: string;
  log: AppLog;
  /** After each (re)connect, before the status is announced. */
  onConnected(connection: TwilioConnection): Promise<void>;
  /** Live mode's tunnel went up or down. */
  onTunnelChanged(up: boolean): void;
  /** Live mode's tunnel is up at this public URL (again, or anew). */
  onPublicUrl(publicUrl: string | undefined): void;
  onStatus(status: AppStatus): void;
  /** Sandbox mode: a call in the sandbox ended. */
  onCallEnded(callSid: string): void;
  /** Sandbox mode: a call in the sandbox began or changed status. */
  onCallStatus?(call: CallRecord): void;
}

/** Which Twilio the core talks to now (the sandbox or the live account), and switching between them. */
export class ConnectionSwitch {
  #connection: TwilioConnection | undefined;
  #tunnelUp = false;
  // One switch at a time: two quick settings changes must not leave a second sandbox or tunnel running.
  #switching: Promise<void> = Promise.resolve();
  readonly #payments: PaymentsApi;

  constructor(private readonly deps: ConnectionSwitchDeps) {
    const retry: RetryPolicy = {
      ...(deps.options.retry ?? DEFAULT_RETRY),
      onRetry: (info) => deps.log.warn('twilio.retry', info),
    };
    // One for the run: it remembers starts whose every attempt was lost, to reuse their keys.
    this.#payments = paymentsApi(() => this.client(), retry);
  }

  /** The connection in use; undefined while switching. */
  current(): TwilioConnection | undefined {
    return this.#connection;
  }

  /** The REST client; refuses at once while there is none. */
  client(): Twilio {
    const client = this.#connection?.client();
    if (!client)
      throw new AppError('no_twilio', 'Callpay is not connected to Twilio: add the credentials in Settings.');
    return client;
  }

  /** Twilio's Payments REST, refusing at once while there is no client. */
  paymentsApi(): PaymentsApi {
    this.client();
    return this.#payments;
  }

  /** The URL Twilio should call `path` on now; undefined while it cannot reach us. */
  callbackUrl(path: string): string | undefined {
    const base = this.#connection?.callbackBase();
    return base === undefined ? undefined : joinUrl(base, path);
  }

  mode(): Mode {
    return this.#connection?.mode ?? modeFor(this.deps.settings());
  }

  /** Stops the connection in use and starts the one the settings ask for. */
  reconnect(): Promise<void> {
    this.#switching = this.#switching
      .catch(() => undefined)
      .then(async () => {
        await this.#connection?.stop();
        this.#connection = undefined;
        this.#connection = await this.#connect();
        await this.deps.onConnected(this.#connection);
        this.deps.log.info('core.mode', { mode: this.#connection.mode });
        this.#announce();
      });
    return this.#switching;
  }

  /** A saved settings change: reconnect when the mode or the live account changed, else just say so. */
  async settingsChanged(before: Settings, next: Settings): Promise<void> {
    if (needsReconnect(before, next)) await this.reconnect();
    else this.#announce();
  }

  /** New Twilio secrets matter only to a live connection. */
  secretsChanged(): void {
    if (this.#connection?.mode === 'live') this.reconnect().catch(() => undefined);
  }

  status(): AppStatus {
    const { receiver } = this.deps;
    const health = this.#connection?.health() ?? {
      twilio: { state: 'down' as const, detail: 'Connecting…' },
      tunnel: { state: 'off' as const, detail: 'Not started.' },
    };
    return {
      mode: this.mode(),
      version: this.deps.options.version,
      health: {
        webhooks: { state: 'ok', detail: `Listening at ${receiver.url}.` },
        tunnel: health.tunnel,
        twilio: health.twilio,
      },
      urls: { webhooks: receiver.url, ...this.#connection?.urls() },
    };
  }

  async stop(): Promise<void> {
    await this.#switching.catch(() => undefined);
    await this.#connection?.stop();
    this.#connection = undefined;
  }

  async #connect(): Promise<TwilioConnection> {
    const { options, ...deps } = this.deps;
    const current = deps.settings();
    if (modeFor(current) === 'sandbox') {
      return startSandboxConnection({
        sandbox: deps.sandbox(),
        receiverUrl: deps.receiver.url,
        restTimeoutMs: options.restTimeoutMs,
        onCallEnded: (sid) => deps.onCallEnded(sid),
        onCallStatus: (call) => deps.onCallStatus?.(call),
      });
    }
    this.#tunnelUp = false;
    return startLiveConnection({
      settings: current,
      secrets: {
        authToken: await options.secrets?.get('authToken').catch(() => undefined),
        apiKeySecret: await options.secrets?.get('apiKeySecret').catch(() => undefined),
        webhookSharedKey: await options.secrets?.get('webhookSharedKey').catch(() => undefined),
      },
      receiverPort: deps.receiver.port,
      instanceId: deps.instanceId,
      log: deps.log,
      provider: options.tunnel?.provider,
      tunnel: options.tunnel,
      restTimeoutMs: options.restTimeoutMs,
      onHealth: () => this.#announce(),
      restBaseUrl: options.liveRestBaseUrl,
      onTunnel: (tunnel) => this.#onTunnel(tunnel),
    });
  }

  #onTunnel(tunnel: TunnelStatus): void {
    const up = tunnel.state === 'up';
    if (up !== this.#tunnelUp) this.deps.onTunnelChanged(up);
    if (up) this.deps.onPublicUrl(tunnel.publicUrl);
    this.#tunnelUp = up;
    this.#announce();
  }

  #announce(): void {
    this.deps.onStatus(this.status());
  }
}
