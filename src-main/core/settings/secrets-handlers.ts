import type { SecretsStatus } from '@shared/api';
import { AppError } from '@shared/api';
import type { Handlers } from '../api/host';
import type { SecretProtection } from '../settings/secret-store';

/** The part of the SecretStore the console needs: names in, presence out, values never returned. */
export interface SecretWriter {
  set(name: SecretName, value: string): Promise<void>;
  has(name: SecretName): Promise<boolean>;
  /** How well the store protects what it holds (the SecretStore's own report). */
  readonly protection?: SecretProtection;
}
export type SecretName = 'authToken' | 'apiKeySecret' | 'webhookSharedKey';

/** `settings.secrets` and `settings.setSecrets`: save Twilio secrets, report only whether each is saved. */
export function secretsHandlers(
  store: () => SecretWriter | undefined,
  onChange: () => void = () => undefined,
): Pick<Handlers, 'settings.secrets' | 'settings.setSecrets'> {
  const status = async (s: SecretWriter): Promise<SecretsStatus> => ({
    authToken: await s.has('authToken'),
    apiKeySecret: await s.has('apiKeySecret'),
    ...((await s.has('webhookSharedKey')) ? { webhookSharedKey: true } : {}),
    ...(s.protection?.level === 'weak' ? { storageWarning: s.protection.warning } : {}),
    ...(s.protection?.level === 'fixed' ? { note: s.protection.reason } : {}),
  });
  const need = () => {
    const s = store();
    if (!s) throw new AppError('no_secret_store', 'This build cannot keep secrets yet; nothing was saved.');
    return s;
  };
  const writable = () => {
    const s = need();
    if (s.protection?.level === 'fixed') throw new AppError('secrets_fixed', s.protection.reason);
    return s;
  };
  return {
    'settings.secrets': () => status(need()),
    'settings.setSecrets': async (patch) => {
      const s = writable();
      if (patch.authToken !== undefined) await s.set('authToken', patch.authToken);
      if (patch.apiKeySecret !== undefined) await s.set('apiKeySecret', patch.apiKeySecret);
      if (patch.webhookSharedKey !== undefined) await s.set('webhookSharedKey', patch.webhookSharedKey);
      onChange();
      return status(s);
    },
  };
}
