import { z } from 'zod';
import { AccountSid, ApiKeySid, AppSid, E164, PaymentConnectorName } from '../domain/sids';
import { ReceiptSettings } from './receipts';

/** The agent's identity doubles as the Voice client identity. */
export const AgentIdentity = z
  .string()
  .regex(
    /^[A-Za-z0-9_.-]{1,64}$/,
    'The agent name may use letters, digits, dots, dashes and underscores (up to 64).',
  );

export const TwilioSettings = z.object({
  accountSid: AccountSid.optional(),
  apiKeySid: ApiKeySid.optional(),
  twimlAppSid: AppSid.optional(),
  callerId: E164.optional(),
  /** The unique name of the account's Pay Connector; payments use it unless told otherwise. */
  paymentConnector: PaymentConnectorName.optional(),
  /** Run in the sandbox although an account is saved; the account is kept for later. */
  useSandbox: z.boolean().optional(),
});

export const TunnelSettings = z.object({
  provider: z.enum(['localtunnel', 'fixed']),
  publicUrl: z
    .url({ protocol: /^https$/, message: 'The public URL must be an https:// address.' })
    .optional(),
});

/** Everything the user can change that is not a secret. */
export const Settings = z.object({
  agentIdentity: AgentIdentity,
  twilio: TwilioSettings,
  tunnel: TunnelSettings,
  /** Record every call (Twilio's Call Recordings); paused while card details are keyed. Off by default. */
  recordCalls: z.boolean().optional(),
  /** Texted receipts: the business name they are from and their wording. */
  receipts: ReceiptSettings.optional(),
});
export type Settings = z.infer<typeof Settings>;

/** A change to some settings; omitted keys stay as they are. */
export const SettingsPatch = z
  .object({
    agentIdentity: AgentIdentity.optional(),
    /** `null` clears a value (an emptied field); omitted keys stay. */
    twilio: z
      .object({
        accountSid: AccountSid.nullable(),
        apiKeySid: ApiKeySid.nullable(),
        twimlAppSid: AppSid.nullable(),
        callerId: E164.nullable(),
        paymentConnector: PaymentConnectorName.nullable(),
        useSandbox: z.boolean().nullable(),
      })
      .partial()
      .strict()
      .optional(),
    tunnel: TunnelSettings.partial().optional(),
    recordCalls: z.boolean().optional(),
    /** `null` resets a value (the standard wording, no business name). */
    receipts: z
      .object({
        businessName: ReceiptSettings.shape.businessName.unwrap().nullable(),
        template: ReceiptSettings.shape.template.unwrap().nullable(),
      })
      .partial()
      .strict()
      .optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const defaultSettings: Settings = {
  agentIdentity: 'agent',
  twilio: {},
  tunnel: { provider: 'localtunnel' },
};
