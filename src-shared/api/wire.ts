import { z } from 'zod';
import { Envelope } from './errors';

/**
 * The AppApi's WebSocket frames: browser mode's, and the team link's (the same frames, plus a
 * command id a retried invocation carries again, and a team sequence number on each event).
 */
export const ClientFrame = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  name: z.string().max(100),
  args: z.unknown(),
  /** The team link: the same id on a retry after a drop, so the server answers it once. */
  commandId: z.string().min(8).max(100).optional(),
});
export type ClientFrame = z.infer<typeof ClientFrame>;

export const ServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number(), envelope: Envelope }),
  z.object({
    type: z.literal('event'),
    name: z.string(),
    payload: z.unknown(),
    /** The team link: the team's sequence number for the event (none on an instance's own events). */
    seq: z.number().int().positive().optional(),
  }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

/**
 * The team link's first frame after the upgrade: where the server's event sequence stands, and
 * whether the events after the client's last number follow (`resumed`) or it must read state afresh.
 */
export const LinkHello = z.object({
  type: z.literal('hello'),
  /** The team (its database): sequence numbers mean something only within one epoch, on any of its instances. */
  epoch: z.string(),
  /** The last sequence number given out so far. */
  seq: z.number().int().nonnegative(),
  resumed: z.boolean(),
  user: z.object({ name: z.string(), role: z.string() }),
});
export type LinkHello = z.infer<typeof LinkHello>;

export const LinkFrame = z.union([LinkHello, ServerFrame]);
export type LinkFrame = z.infer<typeof LinkFrame>;
