import { z } from 'zod';

const Secret = (what: string) =>
  z.string().regex(/^[A-Za-z0-9]{32}$/, `${what} is 32 letters and digits, as Twilio's Console shows it.`);

/** Twilio secrets to save in the OS keychain; omitted keys stay as they are. Never sent back. */
export const SecretsPatch = z
  .object({
    authToken: Secret('The Auth Token').optional(),
    apiKeySecret: Secret('The API key secret').optional(),
    /** A Webhook Setting's SharedKey secret: only for accounts whose Webhook Rules sign with one (HMAC-SHA256). */
    webhookSharedKey: z
      .string()
      .regex(
        /^[\x21-\x7e]{16,256}$/,
        'The webhook shared key is the 16 to 256 character secret Twilio returned for the SharedKey.',
      )
      .optional(),
  })
  .strict();
export type SecretsPatch = z.infer<typeof SecretsPatch>;

/**
 * Which secrets are saved, never their values; and, when the store cannot protect them (browser
 * mode's local key, Linux without a keyring), the sentence that tells the user so.
 */
export const SecretsStatus = z.object({
  authToken: z.boolean(),
  apiKeySecret: z.boolean(),
  /** True when a webhook shared key is saved; omitted when none is. */
  webhookSharedKey: z.boolean().optional(),
  storageWarning: z.string().optional(),
  /** Why this host takes no secrets from the console (a team server's environment, or no key to seal them). */
  note: z.string().optional(),
});
export type SecretsStatus = z.infer<typeof SecretsStatus>;
