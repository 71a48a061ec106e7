import { z } from 'zod';
import { AccountSid, E164 } from '../domain/sids';

/** One-step live setup: what the user pastes from the Twilio Console. */
export const SetupArgs = z
  .object({
    accountSid: AccountSid,
    authToken: z
      .string()
      .regex(
        /^[0-9A-Za-z]{32}$/,
        'The Auth Token is 32 letters and digits; copy it from the Twilio Console.',
      ),
  })
  .strict();

/** What setup made, and the numbers the user can pick a caller ID from. */
export const SetupResult = z.object({
  apiKeySid: z.string(),
  twimlAppSid: z.string(),
  numbers: z.array(z.object({ sid: z.string(), phoneNumber: z.string(), friendlyName: z.string() })),
  callerId: z.string().optional(),
  /** Set when the secrets are kept less safely than the OS keychain would (browser mode). */
  storageWarning: z.string().optional(),
});
export type SetupResult = z.infer<typeof SetupResult>;

export const CallerIdArgs = z.object({ phoneNumber: E164 }).strict();

/** One part of the readiness check: ready or not, and what to do about it. */
export const ReadinessItem = z.object({
  id: z.enum(['credentials', 'tunnel', 'registration', 'microphone', 'connector']),
  label: z.string(),
  ready: z.boolean(),
  detail: z.string(),
});
export const Readiness = z.object({ items: z.array(ReadinessItem) });
export type ReadinessItem = z.infer<typeof ReadinessItem>;
export type Readiness = z.infer<typeof Readiness>;
