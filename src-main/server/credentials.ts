import { readFile } from 'node:fs/promises';
import { AppError } from '@shared/api';
import { AccountSid, ApiKeySid } from '@shared/domain/sids';
import { auditKeyFile } from '../core/audit';
import type { SecretName, SecretStore } from '../core/settings/secret-store';

/** The Twilio account the server acts for, as Twilio's CLI and libraries read it from the environment. */
export interface TwilioCredentials {
  accountSid: string;
  authToken?: string;
  apiKeySid?: string;
  apiKeySecret?: string;
  /** TWILIO_WEBHOOK_SHARED_KEY: a Webhook Setting's SharedKey secret, when webhooks are signed with one. */
  webhookSharedKey?: string;
}

const bad = (message: string) => new AppError('invalid_credentials', message);

/**
 * TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN and/or the pair TWILIO_API_KEY + TWILIO_API_SECRET.
 * Undefined when none is set (sandbox mode); a half-set environment is refused with a sentence.
 */
export function readTwilioCredentials(env: NodeJS.ProcessEnv = process.env): TwilioCredentials | undefined {
  const accountSid = env.TWILIO_ACCOUNT_SID?.trim() || undefined;
  const authToken = env.TWILIO_AUTH_TOKEN?.trim() || undefined;
  const apiKeySid = env.TWILIO_API_KEY?.trim() || undefined;
  const apiKeySecret = env.TWILIO_API_SECRET?.trim() || undefined;
  if (!accountSid) {
    if (authToken || apiKeySid || apiKeySecret)
      throw bad('Set TWILIO_ACCOUNT_SID too: the other Twilio variables need it.');
    return undefined;
  }
  if (!AccountSid.safeParse(accountSid).success)
    throw bad('TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits.');
  if (apiKeySid !== undefined && !ApiKeySid.safeParse(apiKeySid).success) {
    throw bad('TWILIO_API_KEY must be an API key SID: SK followed by 32 hex digits.');
  }
  if ((apiKeySid === undefined) !== (apiKeySecret === undefined)) {
    throw bad('Set TWILIO_API_KEY and TWILIO_API_SECRET together, or neither.');
  }
  if (!authToken && !apiKeySid) throw bad('Set TWILIO_AUTH_TOKEN, or TWILIO_API_KEY with TWILIO_API_SECRET.');
  const webhookSharedKey = env.TWILIO_WEBHOOK_SHARED_KEY?.trim() || undefined;
  return { accountSid, authToken, apiKeySid, apiKeySecret, webhookSharedKey };
}

/** What the console says while the environment holds the credentials. */
export const FROM_ENVIRONMENT =
  'This server reads its Twilio credentials from its environment (TWILIO_ACCOUNT_SID with ' +
  'TWILIO_AUTH_TOKEN or an API key), and they win over any entered here: change them there and restart it.';

/**
 * The core's SecretStore over credentials from the environment: read-only, and never in any reply.
 * The audit log's sealing key is no Twilio secret: it is made once in a 0600 file beside the data.
 */
export function environmentSecretStore(
  credentials: TwilioCredentials | undefined,
  auditKeyPath: string,
): SecretStore {
  const auditKey = auditKeyFile(auditKeyPath);
  const values: Record<Exclude<SecretName, 'auditKey'>, string | undefined> = {
    authToken: credentials?.authToken,
    apiKeySecret: credentials?.apiKeySecret,
    teamDevice: undefined,
    webhookSharedKey: credentials?.webhookSharedKey,
  };
  const readOnly = () => {
    throw new AppError('secrets_from_environment', FROM_ENVIRONMENT);
  };
  return {
    protection: { level: 'fixed', reason: FROM_ENVIRONMENT },
    get: async (name) => (name === 'auditKey' ? (await auditKey()).toString('base64') : values[name]),
    has: async (name) =>
      name === 'auditKey'
        ? (await readFile(auditKeyPath).catch(() => undefined)) !== undefined
        : values[name] !== undefined,
    set: async () => readOnly(),
    delete: async () => readOnly(),
  };
}
