import { z } from 'zod';

/** The REST operations a fault can target. */
export const restOperations = [
  'payments.create',
  'payments.update',
  'calls.fetch',
  'calls.list',
  'calls.update',
  'recordings.create',
  'recordings.list',
  'recordings.fetch',
  'recordings.update',
  'applications',
  'keys',
  'incoming-phone-numbers',
  'messages.create',
  'messages.fetch',
  'messages.list',
] as const;
export type RestOperation = (typeof restOperations)[number];

const Range = z.tuple([z.number().int().min(0), z.number().int().min(0)]);

/** Callback faults: probabilities 0–1 for drop/duplicate, reorder holds one back, delayMs a [min, max] range. */
export const CallbackFaultsSchema = z.object({
  drop: z.number().min(0).max(1).optional(),
  duplicate: z.number().min(0).max(1).optional(),
  reorder: z.boolean().optional(),
  delayMs: Range.optional(),
});

/**
 * A REST fault: `429`/`500`/`503` answer Twilio's error body without doing the work; `timeout` holds the response
 * until the client gives up; `lost-response` does the work, then destroys the socket before answering.
 */
export const RestFaultSchema = z.object({
  match: z.enum(restOperations),
  kind: z.enum(['429', '500', '503', 'timeout', 'lost-response']),
  /** How many matching requests fail; omitted = every one. */
  times: z.number().int().min(1).optional(),
  /** Only requests about this call. */
  callSid: z.string().optional(),
  /** `429` only: the Retry-After header, in seconds (default 1). */
  retryAfter: z.number().int().min(0).max(3600).optional(),
});

/** Faults for a run (`rest`, `callbacks`) and per call (`calls[CallSid]`); deterministic for a given `seed`. */
export const FaultPlanSchema = z.object({
  seed: z.number().int().optional(),
  rest: z.array(RestFaultSchema).optional(),
  callbacks: CallbackFaultsSchema.optional(),
  calls: z.record(z.string(), z.object({ callbacks: CallbackFaultsSchema })).optional(),
});

export type CallbackFaults = z.infer<typeof CallbackFaultsSchema>;
export type RestFault = z.infer<typeof RestFaultSchema>;
export type FaultPlan = z.infer<typeof FaultPlanSchema>;

/** mulberry32: a tiny seeded PRNG so a fault run can be replayed exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
