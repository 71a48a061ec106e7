import { randomBytes } from 'node:crypto';

/** The credentials the sandbox accepts (HTTP Basic: account SID + token, or API key SID + secret). */
export interface SandboxCredentials {
  accountSid: string;
  authToken: string;
  apiKeySid: string;
  apiKeySecret: string;
  /** The SharedKey a Webhook Setting names (`key=` in X-Twilio-Webhooks-Signature-Settings). */
  webhookSharedKeySid: string;
  /** That SharedKey's secret: webhooks are signed with it when the sandbox signs with a shared key. */
  webhookSharedKey: string;
}

/**
 * Fresh credentials for one run: a page the agent visits cannot guess them. They only ever open this
 * local emulator, so printing them (the emulator CLI does) is fine.
 */
export function generateCredentials(): SandboxCredentials {
  const hex = (bytes: number) => randomBytes(bytes).toString('hex');
  return {
    accountSid: `AC${hex(16)}`,
    authToken: hex(16),
    apiKeySid: `SK${hex(16)}`,
    apiKeySecret: hex(16),
    webhookSharedKeySid: `webhooks_sharedkey_${hex(13)}`,
    webhookSharedKey: hex(32),
  };
}

/** Fills the omitted credentials with fresh ones for this run and checks the SID shapes. */
export function resolveCredentials(partial: Partial<SandboxCredentials> = {}): SandboxCredentials {
  const creds = { ...generateCredentials(), ...definedOnly(partial) };
  if (!/^AC[0-9a-f]{32}$/i.test(creds.accountSid)) {
    throw new Error('The account SID must be AC followed by 32 hexadecimal characters.');
  }
  if (!/^SK[0-9a-f]{32}$/i.test(creds.apiKeySid)) {
    throw new Error('The API key SID must be SK followed by 32 hexadecimal characters.');
  }
  if (!creds.authToken || !creds.apiKeySecret || !creds.webhookSharedKey)
    throw new Error('The auth token, API key secret and webhook shared key must not be empty.');
  return creds;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
