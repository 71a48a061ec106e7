import { z } from 'zod';

/** The PStream protocol version the Voice SDK 2.18 speaks. */
export const PSTREAM_VERSION = '1.6';

const sdpFrame = { callsid: z.string().min(1), sdp: z.string().min(1) };

/** Every frame the Voice SDK sends, as the sandbox accepts them. */
export const clientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('listen'), payload: z.object({ token: z.string() }).loose() }),
  z.object({ type: z.literal('register'), payload: z.object({ media: z.object({ audio: z.boolean() }) }) }),
  z.object({
    type: z.literal('invite'),
    payload: z.object({
      ...sdpFrame,
      twilio: z.object({ params: z.string().optional() }).loose().optional(),
      reconnect: z.string().optional(),
    }),
  }),
  z.object({ type: z.literal('answer'), payload: z.object(sdpFrame) }),
  z.object({ type: z.literal('reinvite'), payload: z.object(sdpFrame) }),
  z.object({
    type: z.literal('hangup'),
    payload: z.object({ callsid: z.string(), message: z.string().optional() }),
  }),
  z.object({ type: z.literal('reject'), payload: z.object({ callsid: z.string() }) }),
  z.object({ type: z.literal('dtmf'), payload: z.object({ callsid: z.string(), dtmf: z.string() }) }),
  z.object({
    type: z.literal('message'),
    payload: z.object({ callsid: z.string(), voiceeventsid: z.string().optional() }).loose(),
  }),
]);
export type ClientFrame = z.infer<typeof clientFrame>;

/** Serialises a frame the way the SDK's own transport does. */
export function frame(type: string, payload: Record<string, unknown> = {}): string {
  return JSON.stringify({ type, version: PSTREAM_VERSION, payload });
}

/** An `error` frame carrying a signaling error code (e.g. 31204) and a sentence. */
export function errorFrame(code: number, message: string, callsid?: string): string {
  return frame('error', { error: { code, message }, ...(callsid ? { callsid } : {}) });
}
