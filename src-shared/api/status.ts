import { z } from 'zod';

export const Mode = z.enum(['sandbox', 'live']);
export type Mode = z.infer<typeof Mode>;

/** The health of one connection the app depends on. */
export const Health = z.object({
  state: z.enum(['ok', 'degraded', 'down', 'off']),
  /** The status bar's word when the state's own word would mislead ("checking", "refused"). */
  word: z.string().optional(),
  detail: z.string(),
});
export type Health = z.infer<typeof Health>;

/** Something the agent must be told once about this run (settings kept aside, for example). */
export const Notice = z.object({ code: z.string(), message: z.string() });
export type Notice = z.infer<typeof Notice>;

export const AppStatus = z.object({
  mode: Mode,
  version: z.string(),
  /** `audit`: whether the audit log can be written and its chain is intact. */
  health: z.object({ webhooks: Health, tunnel: Health, twilio: Health, audit: Health.optional() }),
  notices: z.array(Notice).optional(),
  urls: z.object({
    webhooks: z.string().optional(),
    sandbox: z.string().optional(),
    publicUrl: z.string().optional(),
  }),
});
export type AppStatus = z.infer<typeof AppStatus>;
