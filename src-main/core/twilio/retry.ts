/** How a failed Twilio write is retried: bounded attempts, exponential backoff with jitter. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 4_000 };

const TRANSPORT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/**
 * Whether a failure may be retried with the same IdempotencyKey: the request may not have
 * arrived, or Twilio failed on its side (5xx). A 4xx is an answer and is never retried.
 */
export function retryReason(error: unknown): string | undefined {
  const e = error as { status?: unknown; code?: unknown; response?: unknown; message?: unknown };
  if (typeof e?.status === 'number') return e.status >= 500 ? `http_${e.status}` : undefined;
  if (typeof e?.code === 'string' && TRANSPORT_CODES.has(e.code)) return e.code;
  if (typeof e?.message === 'string' && /socket hang up|timeout|network/i.test(e.message) && !e.response) {
    return 'transport';
  }
  return undefined;
}

/** Runs `write` until it succeeds, fails with an answer, or runs out of attempts. */
export async function withRetry<T>(write: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const reason = retryReason(error);
      if (reason === undefined || attempt >= policy.attempts) throw error;
      const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.round(exp / 2 + (Math.random() * exp) / 2);
      policy.onRetry?.({ attempt, delayMs, reason });
      await sleep(delayMs);
    }
  }
}
