import type { Health } from '@shared/api/status';
import type { Settings } from '@shared/api/settings';
import type { AppLog } from '../log';
import {
  fixedUrlProvider,
  healthProbe,
  localtunnelProvider,
  TunnelManager,
  type TunnelManagerOptions,
  type TunnelProvider,
  type TunnelStatus,
} from '../tunnel';
import { createRestClient } from './rest-client';
import type { TwilioConnection } from './connection';

export interface LiveSecrets {
  authToken?: string;
  apiKeySecret?: string;
}

export interface LiveConnectionOptions {
  settings: Settings;
  secrets: LiveSecrets;
  receiverPort: number;
  /** Echoed by the receiver's health route, proving the tunnel reaches this run. */
  instanceId: string;
  log: AppLog;
  /** Replaces the provider the settings choose (tests use a loopback localtunnel server). */
  provider?: TunnelProvider;
  tunnel?: Partial<Omit<TunnelManagerOptions, 'provider' | 'localPort' | 'log'>>;
  restTimeoutMs?: number;
  /** Sends REST to this base URL instead of Twilio: a standalone sandbox (`npm run emulator`) for rehearsal. */
  restBaseUrl?: string;
  onTunnel(status: TunnelStatus): void;
}

/** Live mode: the real account, reached back through a tunnel opened at start. */
export function startLiveConnection(options: LiveConnectionOptions): TwilioConnection {
  const { settings, secrets } = options;
  const accountSid = settings.twilio.accountSid!;
  const useKey = settings.twilio.apiKeySid !== undefined && secrets.apiKeySecret !== undefined;
  const password = useKey ? secrets.apiKeySecret : secrets.authToken;
  const client =
    password === undefined
      ? undefined
      : createRestClient({
          accountSid,
          username: useKey ? settings.twilio.apiKeySid! : accountSid,
          password,
          timeoutMs: options.restTimeoutMs,
          sandboxUrl: options.restBaseUrl,
        });
  const provider =
    options.provider ??
    (settings.tunnel.provider === 'fixed' && settings.tunnel.publicUrl
      ? fixedUrlProvider(settings.tunnel.publicUrl)
      : localtunnelProvider());
  const tunnel = new TunnelManager({
    probe: healthProbe(options.instanceId),
    ...options.tunnel,
    provider,
    localPort: options.receiverPort,
    log: options.log,
  });
  tunnel.onStatus(options.onTunnel);
  tunnel.start();

  const twilioHealth = (): Health => {
    if (secrets.authToken === undefined) {
      return {
        state: 'down',
        detail: 'Add the Auth Token in Settings: Callpay needs it to check Twilio’s callbacks.',
      };
    }
    if (client === undefined) return { state: 'down', detail: 'Add the API key secret in Settings.' };
    return { state: 'ok', detail: `Using Twilio account ${accountSid}.` };
  };
  return {
    mode: 'live',
    client: () => client,
    callbackBase: () => tunnel.publicUrl,
    signatureBases: () => tunnel.knownUrls,
    authToken: () => secrets.authToken,
    health: () => ({ twilio: twilioHealth(), tunnel: tunnelHealth(tunnel.status) }),
    urls: () => ({ publicUrl: tunnel.publicUrl }),
    control: () => undefined,
    sandbox: () => undefined,
    stop: async () => tunnel.stop(),
  };
}

function tunnelHealth(status: TunnelStatus): Health {
  switch (status.state) {
    case 'up':
      return { state: 'ok', detail: status.detail };
    case 'connecting':
      return { state: 'degraded', detail: status.detail };
    case 'reconnecting':
      return { state: 'down', detail: status.detail };
    case 'off':
      return { state: 'off', detail: status.detail };
  }
}
