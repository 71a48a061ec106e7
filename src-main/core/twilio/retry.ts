/** How a failed Twilio write is retried: bounded attempts and waiting time, exponential backoff with jitter. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Most time spent waiting between attempts of one write; a Retry-After beyond it gives up at once. */
  budgetMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  budgetMs: 15_000,
};

/** Twilio's "Too Many Requests": the request was not processed, so the same key may be sent again. */
export const RATE_LIMITED = 20429;

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
 * arrived, Twilio failed on its side (5xx), or it asked us to slow down (429). Any other 4xx is an
 * answer and is never retried.
 */
export function retryReason(error: unknown): string | undefined {
  const e = error as { status?: unknown; code?: unknown; response?: unknown; message?: unknown };
  if (e?.status === 429 || e?.code === RATE_LIMITED) return 'rate_limited';
  if (typeof e?.status === 'number') return e.status >= 500 ? `http_${e.status}` : undefined;
  if (typeof e?.code === 'string' && TRANSPORT_CODES.has(e.code)) return e.code;
  if (typeof e?.message === 'string' && /socket hang up|timeout|network/i.test(e.message) && !e.response) {
    return 'transport';
  }
  return undefined;
}

/** Retry-After (RFC 9110: delay-seconds or an HTTP date) in milliseconds, or undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Runs `write` until it succeeds, fails with an answer, or runs out of attempts or waiting budget. */
export async function withRetry<T>(write: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const reason = retryReason(error);
      if (reason === undefined || attempt >= policy.attempts) throw error;
      const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const jittered = Math.round(exp / 2 + (Math.random() * exp) / 2);
      // Twilio's Retry-After is a floor: sending sooner would only be refused again.
      const after = (error as { retryAfterMs?: unknown }).retryAfterMs;
      const delayMs = typeof after === 'number' ? Math.max(after, jittered) : jittered;
      if (waited + delayMs > (policy.budgetMs ?? Infinity)) throw error;
      waited += delayMs;
      policy.onRetry?.({ attempt, delayMs, reason });
      await sleep(delayMs);
    }
  }
}
