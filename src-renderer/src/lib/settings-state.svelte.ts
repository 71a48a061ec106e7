import type { z } from 'zod';
import type { AppApi } from '@shared/api';
import { AccountSid, ApiKeySid, AppSid, E164, PaymentConnectorName } from '@shared/domain/sids';
import type { Settings, SettingsPatch } from '@shared/api';
import { SecretsPatch, type SecretsStatus } from '@shared/api';
import type { SetupResult } from '@shared/api';
import { Busy } from './busy.svelte';
import { ReceiptSettingsState } from './receipt-settings-state.svelte';

export type CredentialKey =
  | 'accountSid'
  | 'authToken'
  | 'apiKeySid'
  | 'apiKeySecret'
  | 'webhookSharedKey'
  | 'twimlAppSid'
  | 'callerId'
  | 'paymentConnector';
type SecretKey = 'authToken' | 'apiKeySecret' | 'webhookSharedKey';
type PlainKey = Exclude<CredentialKey, SecretKey>;

const SCHEMAS: Record<CredentialKey, z.ZodType> = {
  accountSid: AccountSid,
  authToken: SecretsPatch.shape.authToken.unwrap(),
  apiKeySid: ApiKeySid,
  apiKeySecret: SecretsPatch.shape.apiKeySecret.unwrap(),
  webhookSharedKey: SecretsPatch.shape.webhookSharedKey.unwrap(),
  twimlAppSid: AppSid,
  callerId: E164,
  paymentConnector: PaymentConnectorName,
};
const PLAIN: PlainKey[] = ['accountSid', 'apiKeySid', 'twimlAppSid', 'callerId', 'paymentConnector'];
const SECRET: ReadonlySet<CredentialKey> = new Set<SecretKey>([
  'authToken',
  'apiKeySecret',
  'webhookSharedKey',
]);

/**
 * The one Twilio account form: checked as typed; an Account SID with its Auth Token is checked with
 * Twilio and set up (API key, TwiML App) before live mode; secrets are write-only.
 */
export class SettingsState {
  values = $state<Record<CredentialKey, string>>({
    accountSid: '',
    authToken: '',
    apiKeySid: '',
    apiKeySecret: '',
    webhookSharedKey: '',
    twimlAppSid: '',
    callerId: '',
    paymentConnector: '',
  });
  #loaded: Partial<Record<PlainKey, string>> = {};
  #saved = $state<SecretsStatus>({ authToken: false, apiKeySecret: false });
  #numbers = $state<SetupResult['numbers']>([]);
  #message = $state<string | undefined>();
  readonly #task = new Busy();

  /** Settings › Receipts. */
  readonly receipts: ReceiptSettingsState;

  constructor(private readonly api: AppApi) {
    this.receipts = new ReceiptSettingsState(api);
  }

  get savedSecrets() {
    return this.#saved;
  }
  /** Set when secrets are kept where others could read them; the form says so before they are typed. */
  get storageWarning() {
    return this.#saved.storageWarning;
  }
  /** Set when this host takes no secrets from the form (a team server's environment holds them, or it has no key). */
  get secretsNote() {
    return this.#saved.note;
  }
  /** The account's numbers, known after a setup, for the caller ID. */
  get numbers() {
    return this.#numbers;
  }
  get message() {
    return this.#message;
  }
  get error() {
    return this.#task.error;
  }
  get busy() {
    return this.#task.busy;
  }
  isSecret(key: CredentialKey) {
    return SECRET.has(key);
  }
  /** Whether a secret field has a saved value (never the value itself). */
  isSaved(key: CredentialKey) {
    return SECRET.has(key) && this.#saved[key as SecretKey] === true;
  }

  /** Errors by field for what has been typed; an empty field is left as it is, never an error. */
  readonly errors = $derived.by(() => {
    const found: Partial<Record<CredentialKey, string>> = {};
    for (const key of Object.keys(SCHEMAS) as CredentialKey[]) {
      const value = this.values[key].trim();
      if (value === '') continue;
      const result = SCHEMAS[key].safeParse(value);
      if (!result.success) found[key] = result.error.issues[0]?.message ?? 'Not valid.';
    }
    return found;
  });
  readonly valid = $derived(Object.keys(this.errors).length === 0);

  /** Fills the non-secret fields from the saved settings and learns which secrets are stored. */
  async load(settings: Settings | undefined) {
    const t = settings?.twilio ?? {};
    this.#loaded = Object.fromEntries(PLAIN.map((k) => [k, t[k] ?? '']));
    Object.assign(this.values, this.#loaded);
    try {
      this.#saved = await this.api.invoke('settings.secrets', {});
    } catch {
      // No secret store in this build: the form still saves the rest and says so on save.
    }
  }

  /** Saves what changed; a new Account SID with an Auth Token goes through Twilio's check and setup first. */
  async save() {
    if (!this.valid) return;
    const v = Object.fromEntries(Object.entries(this.values).map(([k, x]) => [k, x.trim()]));
    // What the form showed when the agent started: settings events during the save must not count as edits.
    const loaded = this.#loaded;
    await this.#step(async () => {
      let said = 'Saved.';
      const setUp = v.accountSid && v.authToken;
      if (setUp) {
        const made = await this.api.invoke('setup.account', {
          accountSid: v.accountSid!,
          authToken: v.authToken!,
        });
        this.#numbers = made.numbers;
        said = 'Twilio accepted the account: API key and TwiML App made; Callpay is in Live mode.';
      }
      // Only what the agent changed is sent; an emptied field clears its value.
      const twilio: NonNullable<SettingsPatch['twilio']> = {};
      for (const key of PLAIN) {
        if (setUp && key !== 'callerId' && key !== 'paymentConnector') continue;
        if (v[key] === (loaded[key] ?? '')) continue;
        twilio[key] = v[key] === '' ? null : v[key];
      }
      if (Object.keys(twilio).length > 0) await this.api.invoke('settings.set', { twilio });
      if (v.apiKeySecret || v.webhookSharedKey || (v.authToken && !setUp)) {
        await this.api.invoke('settings.setSecrets', {
          ...(v.authToken && !setUp ? { authToken: v.authToken } : {}),
          ...(v.apiKeySecret ? { apiKeySecret: v.apiKeySecret } : {}),
          ...(v.webhookSharedKey ? { webhookSharedKey: v.webhookSharedKey } : {}),
        });
      }
      this.#saved = await this.api.invoke('settings.secrets', {}).catch(() => this.#saved);
      // Saved secrets leave the form, so they are never on screen again; a failed save keeps them.
      this.values.authToken = '';
      this.values.apiKeySecret = '';
      this.values.webhookSharedKey = '';
      this.#message = said;
    });
  }

  /** Runs against the sandbox, keeping the saved account for later. */
  useSandbox() {
    return this.#step(async () => {
      await this.api.invoke('settings.set', { twilio: { useSandbox: true } });
      this.#message = 'Callpay is in Sandbox mode; the account is kept for later.';
    });
  }

  /** Goes back to the saved account, once Twilio has accepted it again. */
  useLive() {
    return this.#step(async () => {
      await this.api.invoke('settings.set', { twilio: { useSandbox: null } });
      this.#message = 'Twilio accepted the account; Callpay is in Live mode.';
    });
  }

  /** Makes one of the account's numbers the caller ID; calls to it ring this phone. */
  pickCallerId(phoneNumber: string) {
    return this.#step(async () => {
      await this.api.invoke('setup.callerId', { phoneNumber });
      this.#message = `Calls will show ${phoneNumber}, and calls to it ring this phone.`;
    });
  }

  #step(action: () => Promise<void>) {
    this.#message = undefined;
    return this.#task.run(action);
  }
}
