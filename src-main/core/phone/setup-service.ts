import { hostname } from 'node:os';
import { AppError, type Envelope } from '@shared/api';
import type { Readiness, ReadinessItem, SetupResult } from '@shared/api';
import type { AppStatus } from '@shared/api';
import { askTwilioAboutAccount, REFUSED, UNREACHABLE_ON_SWITCH } from '../twilio/account-check';
import { checkCredentials, pointNumber, setupAccount } from '../twilio/account-setup';
import { createRestClient } from '../twilio/rest-client';
import type { PhoneDeps } from './phone-service';

export interface SetupDeps extends PhoneDeps {
  status: () => AppStatus;
  /** Live REST goes here instead of Twilio (a standalone sandbox). */
  restBaseUrl?: string;
  restTimeoutMs?: number;
}

/** One-step live setup and the readiness check before the first call. */
export class SetupService {
  constructor(private readonly deps: SetupDeps) {}

  /** Account SID + Auth Token in; API key, TwiML App and caller ID out, saved; live mode follows. */
  async setup(accountSid: string, authToken: string): Promise<SetupResult> {
    const secrets = this.deps.secrets();
    if (!secrets)
      throw new AppError(
        'no_secret_store',
        'Callpay has nowhere safe to keep the Auth Token on this machine.',
      );
    // Refused before anything is made at Twilio (an API key, a TwiML App) that could not be kept.
    if (secrets.protection.level === 'fixed') throw new AppError('secrets_fixed', secrets.protection.reason);
    const target = {
      accountSid,
      username: accountSid,
      password: authToken,
      sandboxUrl: this.deps.restBaseUrl,
      timeoutMs: this.deps.restTimeoutMs,
    };
    // Nothing is saved and the mode stays until Twilio has accepted the pair.
    const answer = await askTwilioAboutAccount(target);
    if (answer.state === 'refused') throw new AppError('bad_credentials', REFUSED, 'authToken');
    if (answer.state === 'unreachable') throw new AppError('twilio_unreachable', UNREACHABLE_ON_SWITCH);
    const client = createRestClient(target);
    // Before live mode there is no public URL; the app's voice URL follows the tunnel once it is up.
    const connection = this.deps.connection();
    const base = connection?.mode === 'live' ? connection.callbackBase() : undefined;
    const made = await setupAccount(client, base, `Callpay on ${hostname()}`);
    await secrets.set('authToken', authToken);
    await secrets.set('apiKeySecret', made.apiKeySecret);
    const callerId = made.callerId ?? this.deps.settings().twilio.callerId;
    await this.#save({
      twilio: {
        accountSid,
        apiKeySid: made.apiKeySid,
        twimlAppSid: made.twimlAppSid,
        useSandbox: null,
        ...(callerId ? { callerId } : {}),
      },
    });
    this.deps.log.info('setup.done', { numbers: made.numbers.length });
    const { protection } = secrets;
    return {
      apiKeySid: made.apiKeySid,
      twimlAppSid: made.twimlAppSid,
      numbers: made.numbers,
      callerId,
      ...(protection.level === 'weak' ? { storageWarning: protection.warning } : {}),
    };
  }

  /** The caller ID the agent picked; its voice URL is pointed at Callpay straight away when the tunnel is up. */
  async pickCallerId(phoneNumber: string): Promise<void> {
    const client = this.deps.connection()?.client();
    const base = this.deps.connection()?.callbackBase();
    if (client && base) await pointNumber(client, phoneNumber, base);
    await this.#save({ twilio: { callerId: phoneNumber } });
  }

  // saveSettings answers with the AppApi envelope; a refusal must reach the user, not vanish.
  async #save(patch: Parameters<SetupDeps['saveSettings']>[0]) {
    const result = (await this.deps.saveSettings(patch)) as Envelope | undefined;
    if (result && !result.ok) throw new AppError(result.error.code, result.error.message, result.error.field);
  }

  /** Each part main can check (credentials, tunnel, caller ID), ready or not with the fix. */
  async readiness(): Promise<Readiness> {
    const status = this.deps.status();
    const connection = this.deps.connection();
    const items: ReadinessItem[] = [];
    const sandbox = status.mode === 'sandbox';
    let credentials: ReadinessItem = {
      id: 'credentials',
      label: 'Twilio credentials',
      ready: true,
      detail: sandbox ? 'Sandbox mode uses the sandbox account.' : 'Twilio accepted the credentials.',
    };
    const client = connection?.client();
    if (!sandbox) {
      if (!client)
        credentials = {
          ...credentials,
          ready: false,
          detail: 'Save your Account SID and Auth Token in Settings › Twilio account.',
        };
      else
        await checkCredentials(client).catch((error: Error) => {
          credentials = { ...credentials, ready: false, detail: error.message };
        });
    }
    items.push(credentials);
    const tunnel = status.health.tunnel;
    items.push({
      id: 'tunnel',
      label: 'Tunnel reachable from the internet',
      ready: sandbox || tunnel.state === 'ok',
      detail: sandbox
        ? 'Not needed in sandbox mode.'
        : tunnel.state === 'ok'
          ? tunnel.detail
          : `${tunnel.detail} Check the internet connection, or set a fixed public URL in Settings.`,
    });
    const connector = this.deps.settings().twilio.paymentConnector;
    items.push({
      id: 'connector',
      label: 'Payment connector',
      ready: sandbox || connector !== undefined,
      detail: sandbox
        ? 'The sandbox’s test connector takes every payment.'
        : connector
          ? `Payments go through the connector “${connector}”.`
          : 'Enter your Pay Connector’s unique name in Settings (Twilio Console → Voice → Pay Connectors).',
    });
    return { items };
  }
}
