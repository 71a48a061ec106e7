import type { FastifyReply, FastifyRequest } from 'fastify';
import twilio from 'twilio';

export interface SignatureCheck {
  /** The Auth Token Twilio (or the sandbox) signs with. */
  authToken(): string | undefined;
  /** Public base URLs Twilio may have used, newest first (a reconnect can change the tunnel URL). */
  publicBaseUrls(): string[];
}

/** Twilio posts forms: every value is a string, repeated names are kept as arrays for the signature. */
export type FormBody = Record<string, string | string[]>;

/**
 * A preHandler for the /twilio subtree: the X-Twilio-Signature must match the URL Twilio used,
 * rebuilt from the public base plus the path and query as received, never from the local Host.
 */
export function signatureHook(check: SignatureCheck, onRefused: (request: FastifyRequest) => void) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const signature = request.headers['x-twilio-signature'];
    const token = check.authToken();
    const params = (request.body ?? {}) as FormBody;
    const valid =
      typeof signature === 'string' &&
      token !== undefined &&
      check
        .publicBaseUrls()
        .some((base) => twilio.validateRequest(token, signature, joinUrl(base, request.url), params));
    if (!valid) {
      onRefused(request);
      return reply.code(403).type('text/plain').send('Forbidden');
    }
  };
}

/** The public base (no trailing slash) plus the raw path and query as received. */
export function joinUrl(base: string, pathAndQuery: string): string {
  return `${base.replace(/\/+$/, '')}${pathAndQuery}`;
}

/** One string per form field (the first, if repeated), for handlers. */
export function formFields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (body === null || typeof body !== 'object') return out;
  for (const [key, value] of Object.entries(body as FormBody)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[key] = first;
  }
  return out;
}
