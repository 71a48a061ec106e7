import { createHash } from 'node:crypto';
import { invalidParameter } from '../http';

interface Stored {
  fingerprint: string;
  status: number;
  body: unknown;
}

/** A canonical digest of the request parameters (order-independent). */
export function fingerprint(params: Record<string, unknown>): string {
  const sorted = Object.keys(params)
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join('&');
  return createHash('sha256').update(sorted).digest('hex');
}

/**
 * IdempotencyKey replay: the same key on the same operation with the same parameters gets the first response
 * and does nothing again. The same key with other parameters is processed as new (Twilio's own examples reuse
 * one key across different updates) or, with the `reject` switch, refused with 64020.
 */
export class IdempotencyStore {
  private readonly responses = new Map<string, Stored>();

  /** The earlier response to replay, if this is a repeat. */
  replay(scope: string, key: string, params: Record<string, unknown>, onConflict: 'process' | 'reject') {
    const stored = this.responses.get(`${scope}|${key}`);
    if (!stored) return undefined;
    if (stored.fingerprint === fingerprint(params)) return { status: stored.status, body: stored.body };
    if (onConflict === 'reject') {
      throw invalidParameter('IdempotencyKey was already used with different parameters; send a fresh key.');
    }
    return undefined;
  }

  remember(scope: string, key: string, params: Record<string, unknown>, status: number, body: unknown): void {
    this.responses.set(`${scope}|${key}`, { fingerprint: fingerprint(params), status, body });
  }
}
