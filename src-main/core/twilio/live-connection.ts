import type { Health } from '@shared/api';
import type { Settings } from '@shared/api';
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
import { askTwilioAboutAccount, REFUSED, UNREACHABLE_LIVE, type AccountAnswer } from './account-check';
import { createRestClient, type TwilioTarget } from './rest-client';
import type { TwilioConnection } from './connection';

export interface LiveSecrets {
  authToken?: string;
  apiKeySecret?: string;
  /** The SharedKey secret of the account's Webhook Setting, when the business signs webhooks with one. */
  webhookSharedKey?: string;
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
  /** Called when Twilio's health changes (the account check answered). */
  onHealth?(): void;
  /** How long to wait before asking Twilio again after no answer (default 15 s). */
  recheckMs?: number;
}

/** Live mode: the real account, reached back through a tunnel opened at start. */
export function startLiveConnection(options: LiveConnectionOptions): TwilioConnection {
  const { settings, secrets } = options;
  const accountSid = settings.twilio.accountSid!;
  const useKey = settings.twilio.apiKeySid !== undefined && secrets.apiKeySecret !== undefined;
  const password = useKey ? secrets.apiKeySecret : secrets.authToken;
  const target: TwilioTarget | undefined =
    password === undefined
      ? undefined
      : {
          accountSid,
          username: useKey ? settings.twilio.apiKeySid! : accountSid,
          password,
          timeoutMs: options.restTimeoutMs,
          sandboxUrl: options.restBaseUrl,
        };
  const client = target && createRestClient(target);
  const check = target && accountWatch(target, options);
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
    if (check === undefined) return { state: 'down', detail: 'Add the API key secret in Settings.' };
    return accountHealth(accountSid, check.answer());
  };
  return {
    mode: 'live',
    client: () => client,
    callbackBase: () => tunnel.publicUrl,
    signatureBases: () => tunnel.knownUrls,
    authToken: () => secrets.authToken,
    webhookSharedKey: () => secrets.webhookSharedKey,
    health: () => ({ twilio: twilioHealth(), tunnel: tunnelHealth(tunnel.status) }),
    urls: () => ({ publicUrl: tunnel.publicUrl }),
    control: () => undefined,
    sandbox: () => undefined,
    stop: async () => {
      check?.stop();
      await tunnel.stop();
    },
  };
}

// Never "up" before Twilio has answered: checking, then accepted, refused or unreachable.
function accountHealth(accountSid: string, answer: AccountAnswer | undefined): Health {
  if (answer === undefined)
    return { state: 'degraded', word: 'checking', detail: 'Checking the account with Twilio…' };
  if (answer.state === 'accepted')
    return { state: 'ok', detail: `Twilio accepted the account ${accountSid} (${answer.friendlyName}).` };
  if (answer.state === 'refused')
    return { state: 'down', word: 'refused', detail: `${REFUSED} Or choose “Use the sandbox” in Settings.` };
  return { state: 'down', word: 'unreachable', detail: UNREACHABLE_LIVE };
}

// Asks Twilio about the account at start, and again after no answer, until stopped.
function accountWatch(target: TwilioTarget, options: LiveConnectionOptions) {
  let answer: AccountAnswer | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const ask = async () => {
    const next = await askTwilioAboutAccount(target);
    if (stopped) return;
    answer = next;
    options.onHealth?.();
    if (next.state === 'unreachable') timer = setTimeout(() => void ask(), options.recheckMs ?? 15_000);
  };
  void ask();
  return {
    answer: () => answer,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
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
