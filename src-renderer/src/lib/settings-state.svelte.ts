import type { z } from 'zod';
import type { AppApi } from '@shared/api/contract';
import { AccountSid, ApiKeySid, AppSid, E164, PaymentConnectorName } from '@shared/domain/sids';
import type { Settings } from '@shared/api/settings';
import { SecretsPatch, type SecretsStatus } from '@shared/api/secrets';
import { errorMessage } from '@shared/api/errors';

export type CredentialKey =
  'accountSid' | 'authToken' | 'apiKeySid' | 'apiKeySecret' | 'twimlAppSid' | 'callerId' | 'paymentConnector';

const SCHEMAS: Record<CredentialKey, z.ZodType> = {
  accountSid: AccountSid,
  authToken: SecretsPatch.shape.authToken.unwrap(),
  apiKeySid: ApiKeySid,
  apiKeySecret: SecretsPatch.shape.apiKeySecret.unwrap(),
  twimlAppSid: AppSid,
  callerId: E164,
  paymentConnector: PaymentConnectorName,
};

const SECRET: ReadonlySet<CredentialKey> = new Set(['authToken', 'apiKeySecret']);

/** The Twilio credentials form: checked as typed; secrets are write-only and never shown again. */
export class SettingsState {
  values = $state<Record<CredentialKey, string>>({
    accountSid: '',
    authToken: '',
    apiKeySid: '',
    apiKeySecret: '',
    twimlAppSid: '',
    callerId: '',
    paymentConnector: '',
  });
  #saved = $state<SecretsStatus>({ authToken: false, apiKeySecret: false });
  #message = $state<string | undefined>();
  #error = $state<string | undefined>();
  #busy = $state(false);

  constructor(private readonly api: AppApi) {}

  get savedSecrets() {
    return this.#saved;
  }
  /** Set when secrets are kept where others could read them; the form says so before they are typed. */
  get storageWarning() {
    return this.#saved.storageWarning;
  }
  get message() {
    return this.#message;
  }
  get error() {
    return this.#error;
  }
  get busy() {
    return this.#busy;
  }
  isSecret(key: CredentialKey) {
    return SECRET.has(key);
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
    Object.assign(this.values, {
      accountSid: t.accountSid ?? '',
      apiKeySid: t.apiKeySid ?? '',
      twimlAppSid: t.twimlAppSid ?? '',
      callerId: t.callerId ?? '',
      paymentConnector: t.paymentConnector ?? '',
    });
    try {
      this.#saved = await this.api.invoke('settings.secrets', {});
    } catch {
      // No secret store in this build: the form still saves the rest and says so on save.
    }
  }

  async save() {
    if (!this.valid) return;
    this.#busy = true;
    this.#error = undefined;
    this.#message = undefined;
    const v = Object.fromEntries(Object.entries(this.values).map(([k, x]) => [k, x.trim()]));
    const given = (key: string) => (v[key] ? { [key]: v[key] } : {});
    try {
      await this.api.invoke('settings.set', {
        twilio: {
          ...given('accountSid'),
          ...given('apiKeySid'),
          ...given('twimlAppSid'),
          ...given('callerId'),
          ...given('paymentConnector'),
        },
      });
      if (v.authToken || v.apiKeySecret) {
        this.#saved = await this.api.invoke('settings.setSecrets', {
          ...given('authToken'),
          ...given('apiKeySecret'),
        });
      }
      // Saved secrets leave the form, so they are never on screen again; a failed save keeps them.
      this.values.authToken = '';
      this.values.apiKeySecret = '';
      this.#message = 'Saved.';
    } catch (error) {
      this.#error = errorMessage(error);
    } finally {
      this.#busy = false;
    }
  }
}
