import { z } from 'zod';
import { CallSid } from '../domain/sids';

/** What a Device needs: a fresh access token and the options for where it connects. */
export const PhoneToken = z.object({
  token: z.string(),
  identity: z.string(),
  ttlSeconds: z.number().int(),
  device: z.object({
    /** The sandbox's wss signaling (`host:port`), for the SDK's test-only `chunderw` option. */
    chunderw: z.string().optional(),
    /**
     * Sandbox mode: the same signaling as plain ws on loopback (`ws://127.0.0.1:<port>/signal`). A
     * page served over http (browser mode) connects there, so it has no certificate to accept.
     */
    signalingUrl: z.string().optional(),
    /**
     * Sandbox mode: a page on the wss port. The signaling's certificate is made on this computer for
     * each run; a browser that cannot use `signalingUrl` (a page served over https) accepts it there.
     */
    certificateUrl: z.string().optional(),
    /** Insights; off in sandbox mode, where nothing may leave the machine. */
    publishEvents: z.boolean(),
  }),
});
export type PhoneToken = z.infer<typeof PhoneToken>;

/** The softphone's call, as the Device sees it, for finding the customer's leg. */
export const CustomerLegArgs = z
  .object({
    /** The Device's own CallSid (the agent's client leg). */
    callSid: CallSid,
    direction: z.enum(['outgoing', 'incoming']),
    /** Incoming calls: the `customerCallSid` custom parameter the number's TwiML passed. */
    customerCallSid: CallSid.optional(),
  })
  .strict();
export type CustomerLegArgs = z.infer<typeof CustomerLegArgs>;

/** The leg a payment attaches to: the customer's PSTN leg. */
export const CustomerLeg = z.object({
  callSid: z.string(),
  via: z.enum(['leg-status', 'calls-list', 'parameter']),
});
export type CustomerLeg = z.infer<typeof CustomerLeg>;

/** Main asks the softphone to fill "Number to call" (a tel: link); the agent still presses Call. */
export const DialRequest = z.object({ number: z.string().max(64) });

/** The softphone's state as the renderer reports it, for the tray and other desktop parts. */
export const PhoneReport = z
  .object({ state: z.enum(['offline', 'registered', 'ringing', 'in-call']) })
  .strict();
export type PhoneReport = z.infer<typeof PhoneReport>;
