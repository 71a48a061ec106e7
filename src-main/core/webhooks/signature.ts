import type { FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
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
  return (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const signature = request.headers['x-twilio-signature'];
    const token = check.authToken();
    const params = (request.body ?? {}) as FormBody;
    const valid =
      typeof signature === 'string' &&
      token !== undefined &&
      check.publicBaseUrls().some((base) => signedBy(token, signature, joinUrl(base, request.url), params));
    if (valid) return done();
    onRefused(request);
    reply.code(403).type('text/plain').send('Forbidden');
  };
}

/**
 * Twilio signs the URL exactly as we gave it, so that one HMAC is tried first. Only when it does not
 * match does the library's validateRequest try its variants (port added or removed, URL normalised).
 */
function signedBy(token: string, signature: string, url: string, params: FormBody): boolean {
  const expected = Buffer.from(twilio.getExpectedTwilioSignature(token, url, params));
  const given = Buffer.from(signature);
  if (expected.length === given.length && timingSafeEqual(expected, given)) return true;
  return twilio.validateRequest(token, signature, url, params);
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
