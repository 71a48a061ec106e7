import twilio from 'twilio';
import type { SandboxCredentials } from '../credentials';

/**
 * How the sandbox signs the webhooks it sends, as a Twilio account does: with the Auth Token
 * (HMAC-SHA1, the default), or as a Webhook Rule with a SharedKey Setting makes Twilio sign them
 * (HMAC-SHA256 with the SharedKey secret, announced by X-Twilio-Webhooks-Signature-Settings).
 */
export type WebhookSigning = 'auth-token' | 'shared-key';

export const WEBHOOK_SIGNINGS: readonly WebhookSigning[] = ['auth-token', 'shared-key'];

/** The signature headers for one webhook, made with the library Twilio's customers check them with. */
export type WebhookSigner = (url: string, params: Record<string, string>) => Record<string, string>;

/** Signs with the Auth Token (HMAC-SHA1): what every Twilio webhook carries without a Webhook Rule. */
export const authTokenSigner =
  (authToken: string): WebhookSigner =>
  (url, params) => ({ 'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, url, params) });

/** Signs each webhook the way `signing()` says at the moment it is sent. */
export function webhookSigner(credentials: SandboxCredentials, signing: () => WebhookSigning): WebhookSigner {
  const byAuthToken = authTokenSigner(credentials.authToken);
  return (url, params) => {
    if (signing() === 'auth-token') return byAuthToken(url, params);
    const algorithm = twilio.HMAC_SHA256;
    return {
      'x-twilio-signature': twilio.getExpectedTwilioSignature(
        credentials.webhookSharedKey,
        url,
        params,
        algorithm,
      ),
      'x-twilio-webhooks-signature-settings': `key=${credentials.webhookSharedKeySid},algorithm=${algorithm}`,
    };
  };
}
