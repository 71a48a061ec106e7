import { z } from 'zod';

/** An invite's code, or the whole invite link pasted as it came (its last part is the code). */
const InviteCode = z
  .string()
  .trim()
  .min(1, 'Paste the invite code or the whole invite link your admin sent you.')
  .max(500, 'That invite code is too long: paste only the link your admin sent you.')
  .transform((text) => text.split('/').filter(Boolean).pop() ?? text);

/** The team server's address as people type it: http(s), nothing after the host but an optional path. */
const ServerAddress = z
  .string()
  .trim()
  .min(1, 'Enter the team server’s address, e.g. https://callpay.example.com.')
  .max(300, 'That address is too long.')
  .transform((text) => (/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`))
  .refine((text) => URL.canParse(text) && /^https?:$/.test(new URL(text).protocol), {
    message: 'Enter the team server’s address, e.g. https://callpay.example.com.',
  })
  .transform((text) => new URL(text).origin + new URL(text).pathname.replace(/\/+$/, ''));

/** Settings › Team server › Connect. */
export const TeamConnectArgs = z.object({ serverUrl: ServerAddress, inviteCode: InviteCode }).strict();
export type TeamConnectArgs = z.input<typeof TeamConnectArgs>;

/**
 * Where the desktop's link to its team server stands. `off`: solo (this computer's own Sandbox or
 * Live); `refused`: the server turned this device away (revoked), nothing is relayed until the
 * user connects again or disconnects; `unavailable`: this host has no team link (the server's own console).
 */
export const TeamLinkState = z.enum([
  'off',
  'connecting',
  'connected',
  'reconnecting',
  'refused',
  'unavailable',
]);
export type TeamLinkState = z.infer<typeof TeamLinkState>;

export const TeamLinkStatus = z.object({
  state: TeamLinkState,
  serverUrl: z.string().optional(),
  /** Who this device signed in as (on the server's own console too, where the state is `unavailable`). */
  user: z.object({ name: z.string(), role: z.string() }).optional(),
  /** A sentence for the user: why it was refused, or what the last attempt said. */
  message: z.string().optional(),
  /** Set on the `team.link` event when the link came back and state must be read again (not replayed). */
  resync: z.boolean().optional(),
});
export type TeamLinkStatus = z.infer<typeof TeamLinkStatus>;
